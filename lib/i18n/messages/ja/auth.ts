import type { auth as en } from "../en/auth";

export const auth: typeof en = {
  title: "Linkguard にサインイン",
  email: "メールアドレス",
  password: "パスワード",
  code: "ワンタイムコード",
  codeHint: "認証アプリに表示される6桁の数字",
  newPassword: "新しいパスワード",
  newPasswordHint: "12文字以上、英字と数字を含めてください。仮パスワードは変更が必要です。",
  submit: "サインイン",
  submitting: "サインイン中…",
  failure: {
    invalid_credentials: "メールアドレス、パスワード、またはコードが正しくありません。失敗が続いた場合は、数分おいてから再試行してください。",
    enrolment_required: "続けるにはワンタイムコードを設定してください。",
    password_change_required: "仮パスワードに代わる新しいパスワードを設定してください。",
    weak_password: "新しいパスワードが弱すぎます。12文字以上で英字と数字を含み、仮パスワードと異なるものにしてください。",
    unknown: "サインインに失敗しました。再試行してください。",
  },
  enrol: {
    title: "ワンタイムコードの設定",
    intro: "認証アプリでQRコードを読み取る(またはシークレットを入力する)と表示される6桁のコードを入力してください。シークレットは今回のみ表示されます。",
    secret: "シークレット",
    start: "QRコードを表示",
  },
  signedOut: "サインアウトしました。",
  sessionEnded: "セッションが終了しました。もう一度サインインしてください。",
};
