import { Notice } from "@/components/ui/notice";
import { getDb } from "@/db";
import { requireStaff } from "@/lib/auth/current";
import { sessionNotice } from "@/lib/auth/throttle";
import { formatJst } from "@/lib/format";
import { getLocale, getT } from "@/lib/i18n/server";

export default async function HomePage() {
  const actor = await requireStaff();
  const t = await getT();
  const locale = await getLocale();
  const bank = locale === "ja" ? actor.orgNameJa : actor.orgNameEn;
  const scope = actor.bankId ? t("shell.home.scopeBank", { bank }) : t("shell.home.scopeAll");
  // Failed sign-ins on this account since the owner's last sign-in, told for this session only.
  const notice = await sessionNotice(await getDb(), actor.sessionId);
  return (
    <div className="max-w-2xl space-y-2">
      {notice ? (
        <div data-testid="sign-in-notice">
          <Notice tone="warning">
            {t("shell.home.failedSignIns", {
              failures: notice.failures,
              sources: notice.sources,
              first: formatJst(notice.firstAt),
              last: formatJst(notice.lastAt),
            })}
          </Notice>
        </div>
      ) : null}
      <h1 className="text-2xl font-bold">{t("shell.home.title", { name: actor.displayName })}</h1>
      <p className="text-slate-700">{t("shell.home.body", { scope })}</p>
    </div>
  );
}
