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
 * bank's controls), the role grants and credential resets they may decide (the admin page), and a link to their own cases in
 * the queue.
 */
export function WaitingForYou({ waiting, readsCases }: { waiting: Situation["waiting"]; readsCases: boolean }) {
  const { t, locale } = useI18n();
  const loosenings = waiting.loosenings ?? [];
  const grants = waiting.roleGrants ?? [];
  const resets = waiting.credentialResets ?? [];
  const total = loosenings.length + grants.length + resets.length;
  // A staff request (role grant, credential reset): decided on the admin page.
  const onAdminPage = (r: { id: string; requestedBy: string; requestedAt: string }, label: string) => ({
    id: r.id,
    href: "/admin",
    label,
    detail: t("home.waiting.requested", { name: r.requestedBy, time: formatJst(r.requestedAt) }),
  });
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
        <WaitingSection
          id="home-waiting-loosenings"
          title={t("home.waiting.loosenings")}
          items={loosenings.map((r) => ({
            id: r.id,
            href: `/controls/${r.bankCode}`,
            label: t("home.waiting.loosening", {
              bank: bankName(locale, r),
              control: controlName(t, r.control),
              from: t(`controls.state.${r.currentState}`),
              to: t(`controls.state.${r.toState}`),
            }),
            detail:
              t("home.waiting.requested", { name: personText(t, r.requestedBy), time: formatJst(r.requestedAt) }) +
              (r.scheduledFor ? ` · ${t("home.waiting.scheduled", { time: formatJst(r.scheduledFor) })}` : ""),
          }))}
        />
        <WaitingSection
          id="home-waiting-grants"
          title={t("home.waiting.grants")}
          items={grants.map((g) =>
            onAdminPage(g, t("home.waiting.grant", { name: g.displayName, roles: g.roles.map((r) => t(`shell.role.${r}`)).join(locale === "ja" ? "、" : ", ") })),
          )}
        />
        <WaitingSection
          id="home-waiting-resets"
          title={t("home.waiting.resets")}
          items={resets.map((r) => onAdminPage(r, t(r.resetTotp ? "home.waiting.resetWithTotp" : "home.waiting.reset", { name: r.displayName })))}
        />
        {readsCases ? (
          <p className="border-t border-dashed border-slate-200 pt-2 text-xs text-slate-600">
            <Link href="/cases?assignee=me" className="text-brand-700 underline-offset-2 hover:underline">
              {t("home.waiting.cases")}
            </Link>
          </p>
        ) : null}
      </CardContent>
    </Card>
  );
}

/** One kind of request waiting for the viewer: each item links to where it is decided. Nothing when empty. */
function WaitingSection({ id, title, items }: { id: string; title: string; items: { id: string; href: string; label: string; detail: string }[] }) {
  if (items.length === 0) return null;
  return (
    <section aria-labelledby={id}>
      <h3 id={id} className="text-xs font-semibold text-slate-700">
        {title}
      </h3>
      <ul className="divide-y divide-slate-100">
        {items.map((i) => (
          <li key={i.id}>
            <Link href={i.href} className={item}>
              <span className="block font-medium">{i.label}</span>
              <span className="block text-xs text-slate-700">{i.detail}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
