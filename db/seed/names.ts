import { normaliseKana } from "@/lib/kana";

/**
 * Word lists of the demo data: holder names (katakana as banks hold them, with a romanisation for
 * e-mail addresses), merchants and mail domains. Fictional throughout; mail domains end in the
 * reserved .example TLD.
 */

/** [katakana, romaji] */
export const FAMILY_NAMES: readonly (readonly [string, string])[] = [
  ["サトウ", "sato"], ["スズキ", "suzuki"], ["タカハシ", "takahashi"], ["タナカ", "tanaka"], ["イトウ", "ito"],
  ["ワタナベ", "watanabe"], ["ヤマモト", "yamamoto"], ["ナカムラ", "nakamura"], ["コバヤシ", "kobayashi"], ["カトウ", "kato"],
  ["ヨシダ", "yoshida"], ["ヤマダ", "yamada"], ["ササキ", "sasaki"], ["ヤマグチ", "yamaguchi"], ["マツモト", "matsumoto"],
  ["イノウエ", "inoue"], ["キムラ", "kimura"], ["ハヤシ", "hayashi"], ["シミズ", "shimizu"], ["ヤマザキ", "yamazaki"],
  ["モリ", "mori"], ["アベ", "abe"], ["イケダ", "ikeda"], ["ハシモト", "hashimoto"], ["ヤマシタ", "yamashita"],
  ["イシカワ", "ishikawa"], ["ナカジマ", "nakajima"], ["マエダ", "maeda"], ["フジタ", "fujita"], ["オガワ", "ogawa"],
  ["ゴトウ", "goto"], ["オカダ", "okada"], ["ハセガワ", "hasegawa"], ["ムラカミ", "murakami"], ["コンドウ", "kondo"],
  ["イシイ", "ishii"], ["サイトウ", "saito"], ["サカモト", "sakamoto"], ["エンドウ", "endo"], ["アオキ", "aoki"],
  ["フジイ", "fujii"], ["ニシムラ", "nishimura"], ["フクダ", "fukuda"], ["オオタ", "ota"], ["ミウラ", "miura"],
  ["フジワラ", "fujiwara"], ["オカモト", "okamoto"], ["マツダ", "matsuda"], ["ナカガワ", "nakagawa"], ["ナカノ", "nakano"],
  ["ハラダ", "harada"], ["オノ", "ono"], ["タムラ", "tamura"], ["タケウチ", "takeuchi"], ["カネコ", "kaneko"],
  ["ワダ", "wada"], ["ナカヤマ", "nakayama"], ["イシダ", "ishida"], ["ウエダ", "ueda"], ["モリタ", "morita"],
  ["ハラ", "hara"], ["シバタ", "shibata"], ["サカイ", "sakai"], ["クドウ", "kudo"], ["ヨコヤマ", "yokoyama"],
  ["ミヤザキ", "miyazaki"], ["ミヤモト", "miyamoto"], ["ウチダ", "uchida"], ["タカギ", "takagi"], ["アンドウ", "ando"],
];

export const GIVEN_NAMES: readonly (readonly [string, string])[] = [
  ["タロウ", "taro"], ["ヒロシ", "hiroshi"], ["タケシ", "takeshi"], ["マコト", "makoto"], ["ケンジ", "kenji"],
  ["ダイスケ", "daisuke"], ["ショウタ", "shota"], ["ユウキ", "yuki"], ["ナオキ", "naoki"], ["カズヤ", "kazuya"],
  ["ヒロユキ", "hiroyuki"], ["リョウ", "ryo"], ["ツヨシ", "tsuyoshi"], ["ユウタ", "yuta"], ["ショウヘイ", "shohei"],
  ["マサト", "masato"], ["ケイスケ", "keisuke"], ["ヨウスケ", "yosuke"], ["タクヤ", "takuya"], ["シュンスケ", "shunsuke"],
  ["イチロウ", "ichiro"], ["ジロウ", "jiro"], ["シンジ", "shinji"], ["ゴロウ", "goro"], ["ミノル", "minoru"],
  ["ハナコ", "hanako"], ["ユミ", "yumi"], ["ヨウコ", "yoko"], ["ケイコ", "keiko"], ["アキコ", "akiko"],
  ["トモコ", "tomoko"], ["マユミ", "mayumi"], ["サチコ", "sachiko"], ["ユウコ", "yuko"], ["メグミ", "megumi"],
  ["アイ", "ai"], ["ミホ", "miho"], ["サユリ", "sayuri"], ["ナオミ", "naomi"], ["カオリ", "kaori"],
  ["エミ", "emi"], ["ミサキ", "misaki"], ["アヤカ", "ayaka"], ["ユイ", "yui"], ["ハルカ", "haruka"],
  ["マイ", "mai"], ["ナナミ", "nanami"], ["ミユキ", "miyuki"], ["クミコ", "kumiko"], ["ノリコ", "noriko"],
  ["ジュンコ", "junko"], ["チエ", "chie"], ["リョウコ", "ryoko"], ["キョウコ", "kyoko"], ["シオリ", "shiori"],
];

/**
 * Half-width katakana for a full-width string: NFD splits voiced kana into base + combining mark,
 * and each full-width character maps back to the half-width one that NFKC folds into it.
 */
const TO_HALF_WIDTH: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (let cp = 0xff61; cp <= 0xff9f; cp++) {
    const half = String.fromCharCode(cp);
    const full = half.normalize("NFKC");
    if (full.length === 1 && !map.has(full)) map.set(full, half);
  }
  map.set("\u3099", "\uff9e"); // combining voiced mark -> ﾞ
  map.set("\u309a", "\uff9f"); // combining semi-voiced mark -> ﾟ
  map.set("\u3000", " ");
  return map;
})();

export function toHalfWidthKana(fullWidth: string): string {
  return [...fullWidth.normalize("NFD")].map((c) => TO_HALF_WIDTH.get(c) ?? c).join("");
}

/** A holder name as the bank holds it: "ヤマダ　タロウ" (full-width) or "ﾔﾏﾀﾞ ﾀﾛｳ" (half-width). */
export function holderName(family: string, given: string, halfWidth: boolean): string {
  return halfWidth ? `${toHalfWidthKana(family)} ${toHalfWidthKana(given)}` : `${family}\u3000${given}`;
}

/** The name lists as the population generator needs them: both widths and the search key part. */
export function nameColumns(list: readonly (readonly [string, string])[]) {
  return {
    full: list.map(([k]) => k),
    half: list.map(([k]) => toHalfWidthKana(k)),
    search: list.map(([k]) => normaliseKana(k)),
    romaji: list.map(([, r]) => r),
  };
}

/** Ordinary mail providers (fictional). */
export const MAIL_DOMAINS = ["mirai-mobile.example", "sora-mail.example", "hikari.example", "kumo-mail.example", "webmail.example", "ichiba-mail.example"];

/** Throw-away mail services the fraudsters used (fictional). */
export const THROWAWAY_DOMAINS = ["sutemail.example", "tmpbox.example", "10minmail.example", "kieru-mail.example"];

export const MERCHANT_CATEGORIES = ["convenience_store", "home_appliances", "online", "other"] as const;

/** Chains per category, in MERCHANT_CATEGORIES order; each list has CHAINS_PER_CATEGORY entries. */
export const CHAINS_PER_CATEGORY = 6;
export const MERCHANT_CHAINS: Record<(typeof MERCHANT_CATEGORIES)[number], readonly string[]> = {
  convenience_store: ["まちかどマート", "サンライズマート", "ニコニコストア", "デイリーポケット", "ハッピーマート", "コンビニエンスあおば"],
  home_appliances: ["でんきのミライ", "スター電機", "カメラのヒカリ", "デンキランド", "家電パーク", "電器のさくら"],
  online: ["ミライ通販", "ネットマーケット", "ゲームストア オンライン", "電子書店そら", "チケットぴあの", "ふるさと市場"],
  other: ["ドラッグあおぞら", "喫茶こもれび", "書店ほしぞら", "東都タクシー", "ベーカリーむぎ", "ファッションひなた"],
};

export const MERCHANT_BRANCHES = [
  "新宿西口店", "渋谷道玄坂店", "池袋東口店", "上野駅前店", "秋葉原店", "品川港南店", "横浜西口店", "川崎駅前店",
  "大宮店", "千葉中央店", "梅田店", "なんば店", "京都四条店", "神戸三宮店", "名古屋栄店", "札幌北口店",
  "仙台駅前店", "広島本通店", "博多駅前店", "那覇国際通り店",
];
