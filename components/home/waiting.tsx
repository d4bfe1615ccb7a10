"use client";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardAction, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { bankName, controlName, personText } from "@/components/controls/text";
import { formatCount, formatJst } from "@/lib/format";
import { useI18n } from "@/lib/i18n/client";
import type { Situation } from "@/lib/situation/schemas";

const item = "block rounded py-1 text-sm hover:bg-slate-50 focus-visible:ring-2 focus-visible:ring-brand-600 focus-visible:outline-none";

/**
 * What waits for the viewer's decision: the loosenings they may approve or reject (each opens the
 * bank's controls), the role grants and credential resets they may decide (the admin page), and the place where their
 * cases will come once case management exists.
 */
export function WaitingForYou({ waiting, readsCases }: { waiting: Situation["waiting"]; readsCases: boolean }) {
  const { t, locale } = useI18n();
  const loosenings = waiting.loosenings ?? [];
  const grants = waiting.roleGrants ?? [];
  const resets = waiting.credentialResets ?? [];
  const total = loosenings.length + grants.length + resets.length;
  return (
    <Card className="gap-3 py-3" data-testid="home-waiting">
      <CardHeader>
        <CardTitle>
          <h2>{t("home.waiting.title")}</h2>
        </CardTitle>
        {total > 0 ? (
          <CardAction>
            <Badge variant="warning" className="tabular-nums">
              {formatCount(total)}
            </Badge>
          </CardAction>
        ) : null}
      </CardHeader>
      <CardContent className="space-y-3">
        {total === 0 ? <p className="text-sm text-slate-700">{t("home.waiting.none")}</p> : null}
        {loosenings.length > 0 ? (
          <section aria-labelledby="home-waiting-loosenings">
            <h3 id="home-waiting-loosenings" className="text-xs font-semibold text-slate-700">
              {t("home.waiting.loosenings")}
            </h3>
            <ul className="divide-y divide-slate-100">
              {loosenings.map((r) => (
                <li key={r.id}>
                  <Link href={`/controls/${r.bankCode}`} className={item}>
                    <span className="block font-medium">
                      {t("home.waiting.loosening", {
                        bank: bankName(locale, r),
                        control: controlName(t, r.control),
                        from: t(`controls.state.${r.currentState}`),
                        to: t(`controls.state.${r.toState}`),
                      })}
                    </span>
                    <span className="block text-xs text-slate-700">
                      {t("home.waiting.requested", { name: personText(t, r.requestedBy), time: formatJst(r.requestedAt) })}
                      {r.scheduledFor ? ` · ${t("home.waiting.scheduled", { time: formatJst(r.scheduledFor) })}` : null}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {grants.length > 0 ? (
          <section aria-labelledby="home-waiting-grants">
            <h3 id="home-waiting-grants" className="text-xs font-semibold text-slate-700">
              {t("home.waiting.grants")}
            </h3>
            <ul className="divide-y divide-slate-100">
              {grants.map((g) => (
                <li key={g.id}>
                  <Link href="/admin" className={item}>
                    <span className="block font-medium">{t("home.waiting.grant", { name: g.displayName, roles: g.roles.map((r) => t(`shell.role.${r}`)).join(locale === "ja" ? "、" : ", ") })}</span>
                    <span className="block text-xs text-slate-700">{t("home.waiting.requested", { name: g.requestedBy, time: formatJst(g.requestedAt) })}</span>
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {resets.length > 0 ? (
          <section aria-labelledby="home-waiting-resets">
            <h3 id="home-waiting-resets" className="text-xs font-semibold text-slate-700">
              {t("home.waiting.resets")}
            </h3>
            <ul className="divide-y divide-slate-100">
              {resets.map((r) => (
                <li key={r.id}>
                  <Link href="/admin" className={item}>
                    <span className="block font-medium">{t(r.resetTotp ? "home.waiting.resetWithTotp" : "home.waiting.reset", { name: r.displayName })}</span>
                    <span className="block text-xs text-slate-700">{t("home.waiting.requested", { name: r.requestedBy, time: formatJst(r.requestedAt) })}</span>
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {readsCases ? <p className="border-t border-dashed border-slate-200 pt-2 text-xs text-slate-600">{t("home.waiting.cases")}</p> : null}
      </CardContent>
    </Card>
  );
}
