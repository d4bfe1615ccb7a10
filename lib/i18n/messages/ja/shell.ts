import type { shell as en } from "../en/shell";

export const shell: typeof en = {
  nav: {
    label: "メインナビゲーション",
    accounts: "連携口座",
    controls: "受付制御",
    cases: "事案",
    reimbursements: "補償",
    analytics: "分析",
    audit: "監査ログ",
    admin: "管理",
  },
  userMenu: "ユーザーメニュー",
  organisation: "所属",
  roles: "ロール",
  language: "言語",
  signOut: "サインアウト",
  carrier: "通信事業者",
  role: {
    bank_operator: "銀行オペレーター",
    investigator: "不正調査担当",
    manager: "管理職",
    admin: "管理者",
    auditor: "監査担当",
  },
  home: {
    title: "{name} さん、ようこそ",
    body: "サイドバーから業務を選んでください。閲覧範囲: {scope}",
    scopeAll: "全提携銀行",
    scopeBank: "{bank} のみ",
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
