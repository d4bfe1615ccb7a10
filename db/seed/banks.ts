/**
 * The 35 partner banks of the demo (fictional names, zengin-style 4-digit codes). The first two are
 * the banks with demo staff. `fraud` marks the 11 banks where the fraudulent withdrawals happened;
 * `chargesSuspended` the 27 that had also stopped charges by Monday 16:00.
 */
export interface DemoBank {
  code: string;
  nameJa: string;
  nameEn: string;
}

const NAMES: [string, string][] = [
  ["みらい中央銀行", "Mirai Chuo Bank"],
  ["北星銀行", "Hokusei Bank"],
  ["東都銀行", "Toto Bank"],
  ["さくら台銀行", "Sakuradai Bank"],
  ["七海銀行", "Nanami Bank"],
  ["青葉銀行", "Aoba Bank"],
  ["常磐第一銀行", "Tokiwa Daiichi Bank"],
  ["みちのく中央銀行", "Michinoku Chuo Bank"],
  ["越後銀行", "Echigo Bank"],
  ["信濃銀行", "Shinano Bank"],
  ["駿河湾銀行", "Surugawan Bank"],
  ["尾張銀行", "Owari Bank"],
  ["伊勢銀行", "Ise Bank"],
  ["近江銀行", "Omi Bank"],
  ["京洛銀行", "Kyoraku Bank"],
  ["浪速銀行", "Naniwa Bank"],
  ["播磨銀行", "Harima Bank"],
  ["紀州銀行", "Kishu Bank"],
  ["山陰銀行", "San'in Bank"],
  ["備前銀行", "Bizen Bank"],
  ["安芸銀行", "Aki Bank"],
  ["周防銀行", "Suo Bank"],
  ["阿波銀行", "Awa Bank"],
  ["讃岐銀行", "Sanuki Bank"],
  ["伊予銀行", "Iyo Bank"],
  ["土佐銀行", "Tosa Bank"],
  ["筑紫銀行", "Tsukushi Bank"],
  ["肥後銀行", "Higo Bank"],
  ["豊後銀行", "Bungo Bank"],
  ["日向銀行", "Hyuga Bank"],
  ["薩摩銀行", "Satsuma Bank"],
  ["琉球みなと銀行", "Ryukyu Minato Bank"],
  ["蝦夷銀行", "Ezo Bank"],
  ["甲斐銀行", "Kai Bank"],
  ["房総銀行", "Boso Bank"],
];

export const DEMO_BANKS: DemoBank[] = NAMES.map(([nameJa, nameEn], i) => ({
  code: String(101 + i * 7).padStart(4, "0"),
  nameJa,
  nameEn,
}));

export const CARRIER = { nameJa: "ミライモバイル", nameEn: "Mirai Mobile" };
