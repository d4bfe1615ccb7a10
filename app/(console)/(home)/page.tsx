import { SituationView } from "@/components/home/situation-view";
import { Notice } from "@/components/ui/notice";
import { getDb } from "@/db";
import { requireStaff } from "@/lib/auth/current";
import { sessionNotice } from "@/lib/auth/throttle";
import { formatCount, formatJst } from "@/lib/format";
import { getLocale, getT } from "@/lib/i18n/server";
import { getSituation } from "@/lib/situation/service";

/** The situation at a glance, in the viewer's scope: read here with the service, then kept fresh by react-query against /api/v1/situation. */
export default async function HomePage() {
  const actor = await requireStaff();
  const t = await getT();
  const locale = await getLocale();
  const [situation, notice] = await Promise.all([
    getSituation(actor),
    // Failed sign-ins on this account since the owner's last sign-in, told for this session only.
    getDb().then((db) => sessionNotice(db, actor.sessionId)),
  ]);
  const scope = actor.bankId
    ? t("home.scopeBank", { bank: locale === "ja" ? actor.orgNameJa : actor.orgNameEn })
    : t("home.scopeAll", { count: formatCount(situation.controls?.totalBanks ?? 0) });
  return (
    <div className="space-y-4">
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
      <div className="space-y-1">
        <h1 className="text-2xl font-bold">{t("home.title")}</h1>
        <p className="text-sm text-slate-700" data-testid="home-scope">
          {t("home.whoAndScope", { name: actor.displayName, scope })}
        </p>
      </div>
      <SituationView initialData={situation} />
    </div>
  );
}
