import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { PrintButton } from "@/components/incidents/print-button";
import { buttonVariants } from "@/components/ui/button";
import { requirePermission } from "@/lib/auth/page-guard";
import { NotFound } from "@/lib/errors";
import { formatCount, formatJst, formatJstDay, formatYen } from "@/lib/format";
import { translatorFor } from "@/lib/i18n/translate";
import type { Translate } from "@/lib/i18n/types";
import { buildIncidentReport } from "@/lib/incidents/report";
import type { ReportTimelineEntry } from "@/lib/incidents/report-schemas";
import { incidentTitle } from "@/lib/incidents/title";

export async function generateMetadata({ params }: { params: Promise<{ ref: string }> }) {
  const t = translatorFor("ja");
  return { title: `${decodeURIComponent((await params).ref).toUpperCase()} · ${t("incidents.report.title")}` };
}

const KNOWN_SOURCES = ["seed", "manual", "pin_then_charge", "multi_bank_identity", "cash_out", "link_burst", "accounts"] as const;
const KNOWN_VERIFICATIONS = ["pin_only", "otp", "identity_document"] as const;

/**
 * The incident report, printable (A4, the print stylesheet below; the console's shell is not
 * around it), Japanese unless ?lang=en: what the regulator asked for, from the live data in the
 * reader's scope (lib/incidents/report.ts, the same as the API's JSON and the bundle).
 */
export default async function IncidentReportPage({ params, searchParams }: { params: Promise<{ ref: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const actor = await requirePermission("cases.read");
  const ref = decodeURIComponent((await params).ref);
  const locale = (await searchParams).lang === "en" ? "en" : "ja";
  const t = translatorFor(locale);
  const r = await buildIncidentReport(actor, ref).catch((e: unknown) => {
    if (e instanceof NotFound) notFound();
    throw e;
  });
  const bankName = (b: { nameJa: string; nameEn: string; bankCode: string }) => (locale === "ja" ? `${b.nameJa}（${b.bankCode}）` : `${b.nameEn} (${b.bankCode})`);
  const api = `/api/v1/incidents/${encodeURIComponent(r.incident.reference)}/report`;
  const tr = (k: string) => t(`incidents.report.${k}` as Parameters<Translate>[0]);
  const f = r.totals;
  const ownBank = r.scope.bankCode ? r.banks.find((b) => b.bankCode === r.scope.bankCode) : undefined;
  return (
    <article lang={locale} className="report mx-auto max-w-[210mm] bg-white px-8 py-6 text-[13px] leading-relaxed text-slate-900 print:p-0">
      <style>{PRINT_CSS}</style>
      <nav className="mb-4 flex flex-wrap items-center gap-2 print:hidden" aria-label={tr("title")}>
        <PrintButton label={tr("print")} />
        <a href={api} className={buttonVariants({ variant: "outline" })} download>
          {tr("downloadJson")}
        </a>
        <a href={`${api}?format=zip`} className={buttonVariants({ variant: "outline" })} data-testid="report-zip">
          {tr("downloadZip")}
        </a>
        <Link href={locale === "ja" ? "?lang=en" : "?"} className={buttonVariants({ variant: "ghost" })} lang={locale === "ja" ? "en" : "ja"}>
          {locale === "ja" ? tr("english") : tr("japanese")}
        </Link>
        <Link href={`/incidents/${encodeURIComponent(r.incident.reference)}`} className={buttonVariants({ variant: "link" })}>
          {tr("back")}
        </Link>
      </nav>

      <header className="mb-5 border-b-2 border-slate-900 pb-3">
        <h1 className="text-xl font-bold">{t("incidents.report.heading", { reference: r.incident.reference })}</h1>
        <p className="text-base font-semibold">{incidentTitle(r.incident.title, locale)}</p>
        <p className="text-xs text-slate-700">
          {tr("status")}: {t(`incidents.status.${r.incident.status}`)} · {tr("startedOn")}: {formatJstDay(r.incident.startedAt)} · {tr("period")}:{" "}
          {f.firstFraudAt && f.lastFraudAt ? `${formatJst(f.firstFraudAt)} – ${formatJst(f.lastFraudAt)}` : tr("never")}
        </p>
        <p className="text-xs text-slate-700">{t("incidents.report.generated", { at: formatJst(new Date()) })}</p>
        {ownBank || r.scope.kind === "bank" ? <p className="mt-1 text-xs font-medium">{t("incidents.report.scopeBank", { bank: ownBank ? bankName(ownBank) : (r.scope.bankCode ?? "") })}</p> : null}
      </header>

      <Section title={tr("s1")}>
        <table className="w-auto">
          <tbody>
            <Kv k={tr("cases")} v={locale === "ja" ? `${formatCount(f.cases)}（${tr("confirmedCases")} ${formatCount(f.confirmedCases)}）` : `${formatCount(f.cases)} (${tr("confirmedCases")} ${formatCount(f.confirmedCases)})`} />
            <Kv k={tr("confirmedLoss")} v={formatYen(f.confirmedLossYen)} testId="report-total-loss" />
            <Kv k={tr("reimbursed")} v={formatYen(f.reimbursedYen)} />
            <Kv k={tr("outstanding")} v={formatYen(f.outstandingYen)} />
            {f.banksHit !== null ? <Kv k={tr("banksHit")} v={formatCount(f.banksHit)} /> : null}
          </tbody>
        </table>
      </Section>

      <Section title={tr("s2")} intro={t("incidents.report.s2Intro", { from: formatJst(r.periodFrom) })}>
        <Table head={[tr("at"), tr("bank"), tr("event")]} testId="report-timeline">
          {r.timeline.map((e, i) => (
            <tr key={i}>
              <td className="whitespace-nowrap tabular-nums">{formatJst(e.at)}</td>
              <td className="whitespace-nowrap">{bankName(e)}</td>
              <td>{eventText(t, e)}</td>
            </tr>
          ))}
        </Table>
      </Section>

      <Section title={tr("s3")}>
        <Table head={[tr("bank"), tr("cases"), tr("confirmedLoss"), tr("reimbursed"), tr("outstanding"), tr("firstFraud"), tr("chargesSuspended")]} numeric={[1, 2, 3, 4]} testId="report-banks">
          {r.banks.map((b) => (
            <tr key={b.bankCode}>
              <td className="whitespace-nowrap">{bankName(b)}</td>
              <td className="text-right tabular-nums">{formatCount(b.cases)}</td>
              <td className="text-right tabular-nums">{formatYen(b.confirmedLossYen)}</td>
              <td className="text-right tabular-nums">{formatYen(b.reimbursedYen)}</td>
              <td className="text-right tabular-nums">{formatYen(b.outstandingYen)}</td>
              <td className="whitespace-nowrap tabular-nums">{b.firstFraudAt ? formatJst(b.firstFraudAt) : tr("never")}</td>
              <td className="whitespace-nowrap tabular-nums">{b.chargesSuspendedAt ? formatJst(b.chargesSuspendedAt) : tr("never")}</td>
            </tr>
          ))}
          <tr className="font-semibold">
            <td>{tr("total")}</td>
            <td className="text-right tabular-nums">{formatCount(f.cases)}</td>
            <td className="text-right tabular-nums">{formatYen(f.confirmedLossYen)}</td>
            <td className="text-right tabular-nums">{formatYen(f.reimbursedYen)}</td>
            <td className="text-right tabular-nums">{formatYen(f.outstandingYen)}</td>
            <td colSpan={2} />
          </tr>
        </Table>
      </Section>

      <Section title={tr("s4")}>
        <div className="grid grid-cols-3 gap-4 print:grid-cols-3">
          <Counts title={tr("byStatus")} rows={Object.entries(r.victims.byStatus).map(([k, n]) => [t(`cases.status.${k as "new"}`), formatCount(n)])} />
          <Counts title={tr("byOutcome")} rows={Object.entries(r.victims.byOutcome).map(([k, n]) => [t(`cases.outcome.${k as "not_fraud"}`), formatCount(n)])} />
          <Counts
            title={tr("reimbursementsTitle")}
            rows={[
              ...(["proposed", "approved", "paid", "rejected"] as const).map((s) => [t(`incidents.detail.reimbursementState.${s}`), `${formatCount(r.victims.reimbursements[s].count)} · ${formatYen(r.victims.reimbursements[s].yen)}`] as [string, string]),
              [tr("compensationRate"), r.victims.compensationRate === null ? tr("noDecision") : `${(r.victims.compensationRate * 100).toFixed(1)} %`],
            ]}
          />
        </div>
      </Section>

      <Section title={tr("s5")}>
        <div className="grid grid-cols-2 gap-4">
          <Counts title={tr("bySource")} rows={r.causes.bySource.map((s) => [label(tr, "source", s.source, KNOWN_SOURCES), formatCount(s.cases)])} />
          <Counts title={tr("byVerification")} rows={r.causes.byVerification.map((s) => [label(tr, "verification", s.verification, KNOWN_VERIFICATIONS), formatCount(s.cases)])} />
        </div>
      </Section>

      <Section title={tr("s6")} intro={t("incidents.report.s6Intro", { from: formatJst(r.periodFrom), count: formatCount(r.measures.controlChanges.length), audit: formatCount(r.measures.audit.length) })}>
        <Table head={[tr("at"), tr("bank"), tr("change"), tr("reason")]} testId="report-measures">
          {r.measures.controlChanges.map((c, i) => (
            <tr key={i}>
              <td className="whitespace-nowrap tabular-nums">{formatJst(c.at)}</td>
              <td className="whitespace-nowrap">{bankName(c)}</td>
              <td className="whitespace-nowrap">{t("incidents.report.changeEvent", { control: t(`controls.control.${c.control}`), from: t(`controls.state.${c.fromState}`), to: t(`controls.state.${c.toState}`) })}</td>
              <td>{c.reason}</td>
            </tr>
          ))}
        </Table>
        <h3 className="mt-3 font-semibold">{tr("rulesEnabled")}</h3>
        {r.measures.rulesEnabled.length === 0 ? (
          <p>{tr("noRules")}</p>
        ) : (
          <ul className="list-disc pl-5">
            {r.measures.rulesEnabled.map((x, i) => (
              <li key={i}>
                {formatJst(x.at)} {label(tr, "source", x.code, KNOWN_SOURCES)}
              </li>
            ))}
          </ul>
        )}
      </Section>
    </article>
  );
}

function label(tr: (k: string) => string, group: string, code: string, known: readonly string[]): string {
  return known.includes(code) ? tr(`${group}.${code}`) : code;
}

function eventText(t: Translate, e: ReportTimelineEntry): string {
  switch (e.kind) {
    case "first_fraud":
      return t("incidents.report.firstFraudEvent", { case: e.caseReference });
    case "bank_first_fraud":
      return t("incidents.report.bankFirstFraudEvent", { case: e.caseReference });
    case "control_change":
      return t("incidents.report.changeEvent", { control: t(`controls.control.${e.control}`), from: t(`controls.state.${e.fromState}`), to: t(`controls.state.${e.toState}`) });
  }
}

function Section({ title, intro, children }: { title: string; intro?: string; children: ReactNode }) {
  return (
    <section className="report-section mb-6">
      <h2 className="mb-1 border-b border-slate-400 text-base font-bold">{title}</h2>
      {intro ? <p className="mb-2 text-xs text-slate-700">{intro}</p> : null}
      {children}
    </section>
  );
}

function Kv({ k, v, testId }: { k: string; v: string; testId?: string }) {
  return (
    <tr>
      <th scope="row" className="pr-6 text-left font-medium">
        {k}
      </th>
      <td className="text-right tabular-nums" data-testid={testId}>
        {v}
      </td>
    </tr>
  );
}

function Table({ head, numeric = [], children, testId }: { head: string[]; numeric?: number[]; children: ReactNode; testId?: string }) {
  return (
    <table className="report-table w-full border-collapse text-xs" data-testid={testId}>
      <thead>
        <tr>
          {head.map((h, i) => (
            <th key={h} scope="col" className={numeric.includes(i) ? "text-right" : "text-left"}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

function Counts({ title, rows }: { title: string; rows: [string, string][] }) {
  return (
    <div>
      <h3 className="font-semibold">{title}</h3>
      <table className="report-table w-full border-collapse text-xs">
        <tbody>
          {rows.map(([k, v]) => (
            <tr key={k}>
              <th scope="row" className="text-left font-normal">
                {k}
              </th>
              <td className="text-right tabular-nums">{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const PRINT_CSS = `
.report-table th, .report-table td { border: 1px solid #cbd5e1; padding: 2px 6px; vertical-align: top; }
.report-table thead th { background: #f1f5f9; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { background: #fff !important; }
  .report { max-width: none; font-size: 10.5pt; }
  .report-table { font-size: 8.5pt; }
  .report-table thead { display: table-header-group; }
  .report-table tr { break-inside: avoid; }
  .report-section h2 { break-after: avoid; }
}
`;
