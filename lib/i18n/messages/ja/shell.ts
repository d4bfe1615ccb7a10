import type { shell as en } from "../en/shell";

export const shell: typeof en = {
  nav: {
    label: "メインナビゲーション",
    home: "ホーム",
    accounts: "連携口座",
    controls: "受付制御",
    cases: "事案",
    caseRules: "検知ルール",
    reimbursements: "補償",
    analytics: "分析",
    audit: "監査ログ",
    admin: "管理",
  },
  sidebar: {
    collapse: "サイドバーを折りたたむ",
    expand: "サイドバーを広げる",
  },
  breadcrumb: "パンくずリスト",
  crumb: {
    link: "連携の詳細",
    bank: "銀行 {code}",
    caseRules: "検知ルール",
  },
  search: {
    open: "検索",
    title: "検索・移動",
    description: "ウォレット、メールアドレス、連携口座、銀行を探すか、ページへ移動します。矢印キーで選び、Enter で開きます。",
    placeholder: "ウォレットID・メール・口座下4桁・名義カナ・銀行コード・銀行名",
    searching: "検索中…",
    empty: "見つかりませんでした。",
    failed: "検索できませんでした。もう一度お試しください。",
    tooShort: "ウォレットやメールアドレスは3文字以上で検索できます。",
    groups: {
      pages: "ページ",
      wallets: "ウォレット",
      links: "連携口座",
      banks: "銀行",
      cases: "事案",
    },
    walletLinks: "連携 {count} 件",
    bankControls: "受付制御",
  },
  notFoundPage: {
    home: "ホームへ戻る",
    search: "{shortcut} で検索することもできます。",
  },
  userMenu: "ユーザーメニュー",
  organisation: "所属",
  roles: "ロール",
  language: "言語",
  signOut: "サインアウト",
  carrier: "通信事業者",
  role: {
    bank_operator: "オペレーター",
    investigator: "不正調査担当",
    manager: "管理職",
    admin: "管理者",
    auditor: "監査担当",
  },
  home: {
    failedSignIns:
      "前回のサインイン以降、ほかの {sources} 件のアドレスからこのアカウントへのサインイン失敗が {failures} 回ありました({first}〜{last}、日本時間)。心当たりがなければ管理者に連絡してください。管理者は監査ログで確認できます。",
  },
  placeholder: {
    accounts: "連携口座の一覧・絞り込み・検索・出力",
    controls: "銀行別の受付停止と判定API",
    cases: "調査担当の事案キュー",
    reimbursements: "二者承認による補償",
    analytics: "管理職向けの被害額グラフ",
  },
};
