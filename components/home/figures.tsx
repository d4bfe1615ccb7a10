"use client";
import { StatCard } from "./stat-card";
import { bankName, controlName } from "@/components/controls/text";
import { formatCount, formatJst, formatYen } from "@/lib/format";
import { useI18n } from "@/lib/i18n/client";
import { incidentTitle } from "@/lib/incidents/title";
import type { Situation } from "@/lib/situation/schemas";

/**
 * The figures on top of the home, each linking to the page behind it: registrations and charges
 * suspended (N of the banks in scope; a bank's staff see their bank's state), attempts blocked in
 * the last 24 hours, and the open incident's confirmed cases, banks hit and loss.
 */
export function Figures({ situation: s }: { situation: Situation }) {
  const { t, locale } = useI18n();
  const controls = s.controls;
  const own = s.scope.kind === "bank" ? controls?.banks[0] : undefined;
  const incident = s.incident;
  // Until the cases page exists, the victims' links (frozen at the incident) are the page behind a case count.
  const victims = s.viewer.readsAccounts ? "/accounts?status=frozen" : undefined;
  return (
    <section aria-labelledby="home-figures" className="@container">
      <h2 id="home-figures" className="sr-only">
        {t("home.figures")}
      </h2>
      {incident ? (
        <p className="mb-2 text-sm text-slate-700" data-testid="home-incident">
          <span className="font-semibold text-slate-900">{t("home.incident.heading", { reference: incident.reference })}</span>{" "}
          <span>{incidentTitle(incident.title, locale)}</span> <span className="whitespace-nowrap">{t("home.incident.since", { date: formatJst(incident.startedAt) })}</span>
        </p>
      ) : s.viewer.readsCases ? (
        <p className="mb-2 text-sm text-slate-700">{t("home.incident.none")}</p>
      ) : null}
      <div className="grid grid-cols-2 gap-3 @2xl:grid-cols-3">
        {incident ? (
          <>
            <StatCard
              testId="home-cases"
              label={own ? t("home.incident.casesOwn") : t("home.incident.cases")}
              value={formatCount(incident.confirmedCases)}
              footnote={victims ? t("home.incident.toLinks") : undefined}
              href={victims}
            />
            {incident.banksWithCases !== null ? (
              <StatCard
                testId="home-banks-hit"
                label={t("home.incident.banks")}
                value={formatCount(incident.banksWithCases)}
                unit={t("home.incident.ofBanks", { total: formatCount(incident.totalBanks) })}
                footnote={controls ? t("home.incident.toControls") : undefined}
                href={controls ? "/controls" : undefined}
              />
            ) : null}
            <StatCard
              testId="home-loss"
              label={own ? t("home.incident.lossOwn") : t("home.incident.loss")}
              value={formatYen(incident.lossYen)}
              footnote={victims ? t("home.incident.toLinks") : undefined}
              href={victims}
            />
          </>
        ) : null}
        {controls && own ? (
          (["registrations", "charges"] as const).map((c) => (
            <StatCard
              key={c}
              testId={`home-${c}`}
              label={t("home.controls.yourBank", { control: controlName(t, c) })}
              value={t(`controls.state.${own[c]}`)}
              footnote={bankName(locale, own)}
              href={`/controls/${own.bankCode}`}
            />
          ))
        ) : controls ? (
          (["registrations", "charges"] as const).map((c) => (
            <StatCard
              key={c}
              testId={`home-${c}`}
              label={t(`home.controls.${c}`)}
              value={formatCount(controls[c].suspended)}
              unit={t("home.controls.ofBanks", { total: formatCount(controls.totalBanks) })}
              footnote={t("home.controls.rest", { strongOnly: formatCount(controls[c].strong_only), open: formatCount(controls[c].open) })}
              href={`/controls?${c}=suspended`}
            />
          ))
        ) : null}
        {s.blocked ? (
          <StatCard
            testId="home-blocked"
            label={t("home.blocked.label")}
            value={formatCount(s.blocked.registrations + s.blocked.charges)}
            footnote={t("home.blocked.split", { registrations: formatCount(s.blocked.registrations), charges: formatCount(s.blocked.charges) })}
            href={own ? `/controls/${own.bankCode}` : "/controls"}
          />
        ) : null}
      </div>
    </section>
  );
}
