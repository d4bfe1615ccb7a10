"use client";
import { useQuery } from "@tanstack/react-query";
import { useLocale } from "next-intl";
import dynamic from "next/dynamic";
import { useState, type ComponentProps, type ReactNode } from "react";
import { StatCard } from "@/components/home/stat-card";
import { LoadFailed } from "@/components/ui/load-failed";
import { Notice } from "@/components/ui/notice";
import { Skeleton } from "@/components/ui/skeleton";
import { apiJson } from "@/lib/api-client";
import { apiQueryOf, apiSearchOf, searchOf, type PageFilters } from "@/lib/analytics/period";
import { formatCount, formatYen } from "@/lib/format";
import { useT } from "@/lib/i18n/client";
import { ChartCard } from "./chart-card";
import { formatCell, type TableSpec } from "./table-spec";
import { ANALYTICS_PATHS, type AnalyticsData } from "./types";
import type { analytics as Words } from "@/lib/i18n/messages/en/analytics";

type Column = keyof (typeof Words)["columns"];
type Control = keyof (typeof Words)["controls"];
type State = keyof (typeof Words)["states"];
type Category = keyof (typeof Words)["categories"];
type AgeBand = keyof (typeof Words)["ageBands"];

// recharts is heavy: the charts load after the page (their cards, tables and CSV do not wait for it).
const chartFallback = () => <Skeleton className="h-[300px] w-full" />;
const DayLines = dynamic(() => import("./charts").then((m) => m.DayLines), { ssr: false, loading: chartFallback });
const Bars = dynamic(() => import("./charts").then((m) => m.Bars), { ssr: false, loading: chartFallback });
// The filters' Radix select, popover and checkboxes in a chunk of their own (rendered on the server all the same).
const FilterBar = dynamic(() => import("./filter-bar").then((m) => m.FilterBar), { loading: () => <Skeleton className="h-[74px] w-full" /> });

const C = { blue: "#0072B2", orange: "#E69F00", sky: "#56B4E9", green: "#009E73", vermillion: "#D55E00", purple: "#CC79A7", grey: "#6B7280" };

async function fetchAll(search: string): Promise<AnalyticsData> {
  const entries = await Promise.all(
    (Object.entries(ANALYTICS_PATHS) as [keyof AnalyticsData, string][]).map(async ([key, path]) => [key, await apiJson(`/api/v1/analytics/${path}${search ? `?${search}` : ""}`)] as const),
  );
  return Object.fromEntries(entries) as unknown as AnalyticsData;
}

/** The analytics page in the browser: filters kept in the URL, headline figures, the charts with their tables and CSVs. */
export function AnalyticsBoard({ initialFilters, initialData, today, carrier }: { initialFilters: PageFilters; initialData?: AnalyticsData; today: string; carrier: boolean }) {
  const t = useT();
  const [filters, setFilters] = useState(initialFilters);
  const apiSearch = apiSearchOf(apiQueryOf(filters, today));
  const initialSearch = apiSearchOf(apiQueryOf(initialFilters, today));
  const query = useQuery({
    queryKey: ["analytics", apiSearch],
    queryFn: () => fetchAll(apiSearch),
    initialData: apiSearch === initialSearch ? initialData : undefined,
    placeholderData: (previous) => previous,
  });
  const change = (next: PageFilters) => {
    setFilters(next);
    const qs = searchOf(next);
    window.history.replaceState(null, "", qs ? `/analytics?${qs}` : "/analytics");
  };
  return (
    <div className="space-y-4">
      <FilterBar filters={filters} onChange={change} options={query.data?.summary.options ?? initialData?.summary.options ?? { banks: [], incidents: [] }} carrier={carrier} />
      {query.isPending ? (
        <p className="text-sm text-slate-700">{t("analytics.loading")}</p>
      ) : query.isError ? (
        <LoadFailed message={t("analytics.loadFailed")} error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Board data={query.data} />
      )}
    </div>
  );
}

function Board({ data }: { data: AnalyticsData }) {
  const t = useT();
  const locale = useLocale();
  const { figures: f, average: a, filters } = data.summary;
  const bankName = (b: { nameJa: string; nameEn: string } | null) => (b ? (locale === "ja" ? b.nameJa : b.nameEn) : t("analytics.chart.average"));
  const avg = (v: number | undefined, yen: boolean) => (a && v !== undefined ? t("analytics.figures.average", { value: yen ? formatYen(Math.round(v)) : formatCell(v, "decimal") }) : undefined);
  const col = (key: Column, format: Parameters<typeof formatCell>[1]) => ({ key, label: t(`analytics.columns.${key}`), format });
  const withAvg = filters.withAverage;
  // A series named by its table column, or the average of the banks (dashed on a line chart).
  const column = (key: Column, color: string, stack?: string) => ({ key, label: t(`analytics.columns.${key}`), color, ...(stack ? { stack } : {}) });
  const average = (key: Column, dashed = false) => ({ key, label: t("analytics.chart.average"), color: C.orange, ...(dashed ? { dashed } : {}) });
  const own = withAvg && filters.banks[0] ? bankName(filters.banks[0]) : null;

  // ---- what each chart draws ----
  const lossPoints = data.lossOverTime.points;
  const lossSpec = {
    columns: [col("day", "day"), col("lossYen", "yen"), col("cumulativeYen", "yen"), ...(withAvg ? [col("averageCumulativeYen", "yen")] : [])],
    rows: lossPoints.map((p) => ({ day: p.day, lossYen: p.lossYen, cumulativeYen: p.cumulativeYen, ...(withAvg ? { averageCumulativeYen: p.averageCumulativeYen } : {}) })),
  };
  const markerDays = new Map<string, string[]>();
  for (const m of data.lossOverTime.markers) {
    const text = `${bankName(m.bank)}: ${t(`analytics.controls.${m.control as Control}`)} ${t(`analytics.states.${m.fromState as State}`)} → ${t(`analytics.states.${m.toState as State}`)}`;
    markerDays.set(m.day, [...(markerDays.get(m.day) ?? []), text]);
  }
  const markers = [...markerDays].map(([day, texts]) => ({ day, text: `${day.replaceAll("-", "/")} — ${t("analytics.markers", { count: texts.length })}\n${texts.slice(0, 12).join("\n")}${texts.length > 12 ? "\n…" : ""}` }));

  const byBankSpec = {
    columns: [col("bank", "text"), col("lossYen", "yen"), col("compensatedYen", "yen"), col("pendingYen", "yen"), col("outstandingYen", "yen"), col("cases", withAvg ? "decimal" : "count")],
    rows: data.lossByBank.rows.map((r) => ({ bank: bankName(r.bank), lossYen: r.lossYen, compensatedYen: r.compensatedYen, pendingYen: r.pendingYen, outstandingYen: r.outstandingYen, cases: r.cases })),
  };
  const spendSpec = {
    columns: [col("category", "text"), col("yen", "yen"), col("payments", "count"), ...(withAvg ? [col("averageYen", "yen")] : [])],
    rows: data.spending.rows.map((r) => ({ category: t(`analytics.categories.${r.category as Category}`), yen: r.yen, payments: r.payments, ...(withAvg ? { averageYen: r.averageYen } : {}) })),
  };
  const linksSpec = {
    columns: [col("day", "day"), col("pin_only", "count"), col("otp", "count"), col("identity_document", "count"), ...(withAvg ? [col("averagePinOnly", "decimal")] : [])],
    rows: data.links.rows.map((r) => ({ day: r.day, pin_only: r.pin_only, otp: r.otp, identity_document: r.identity_document, ...(withAvg ? { averagePinOnly: r.averagePinOnly } : {}) })),
  };
  const weeksSpec = {
    columns: [col("week", "day"), col("opened", "count"), col("closed", "count"), ...(withAvg ? [col("averageOpened", "decimal")] : [])],
    rows: data.caseFlow.weeks.map((w) => ({ week: w.week, opened: w.opened, closed: w.closed, ...(withAvg ? { averageOpened: w.averageOpened } : {}) })),
  };
  const ageSpec = {
    columns: [col("band", "text"), col("open", "count"), ...(withAvg ? [col("averageOpen", "decimal")] : [])],
    rows: data.caseFlow.ageBands.some((b) => b.open > 0 || (b.averageOpen ?? 0) > 0) ? data.caseFlow.ageBands.map((b) => ({ band: t(`analytics.ageBands.${b.band as AgeBand}`), open: b.open, ...(withAvg ? { averageOpen: b.averageOpen } : {}) })) : [],
  };
  const decisionsSpec = {
    columns: [col("day", "day"), col("linkAllow", "count"), col("linkDeny", "count"), col("chargeAllow", "count"), col("chargeDeny", "count")],
    rows: data.decisions.rows.map((r) => ({ ...r })),
  };
  const decisionsBankSpec = {
    columns: [col("bank", "text"), col("allow", "count"), col("deny", "count")],
    rows: data.decisions.byBank.map((r) => ({ bank: bankName(r.bank), allow: r.allow, deny: r.deny })),
  };
  const regulatorSpec = {
    columns: [
      col("bank", "text"),
      col("quarter", "text"),
      col("cases", withAvg ? "decimal" : "count"),
      col("lossYen", "yen"),
      col("compensatedCases", withAvg ? "decimal" : "count"),
      col("compensatedYen", "yen"),
      col("refusedCases", withAvg ? "decimal" : "count"),
      col("pendingCases", withAvg ? "decimal" : "count"),
      col("compensationRate", "rate"),
    ],
    rows: data.regulator.rows.map((r) => ({ bank: bankName(r.bank), quarter: r.quarter, cases: r.cases, lossYen: r.lossYen, compensatedCases: r.compensatedCases, compensatedYen: r.compensatedYen, refusedCases: r.refusedCases, pendingCases: r.pendingCases, compensationRate: r.compensationRate })),
  };
  const sla = data.caseFlow.sla;
  // Links and decisions belong to no case: with an incident, the chart counts those of its banks over its period (lib/analytics/service.ts).
  const incident = data.summary.filters.incident;
  const incidentTraffic = incident ? t("analytics.chart.incidentTraffic", { from: formatCell(incident.from, "day"), to: formatCell(incident.to, "day") }) : undefined;
  const shareText = f.compensationRate === null ? t("analytics.figures.noneDecided") : t("analytics.figures.compensatedShare", { share: formatCell(f.compensationRate, "rate") });

  return (
    <div className="space-y-4">
      {withAvg && own ? <Notice>{t("analytics.youAndAverage", { bank: own, count: f.totalBanks })}</Notice> : null}
      <section aria-label={t("analytics.title")} className="grid grid-cols-2 gap-3 lg:grid-cols-4" data-testid="analytics-figures">
        <StatCard testId="figure-loss" label={t("analytics.figures.loss")} value={formatYen(f.lossYen)} footnote={avg(a?.lossYen, true)} />
        <StatCard testId="figure-cases" label={t("analytics.figures.cases")} value={formatCount(f.confirmedCases)} footnote={avg(a?.confirmedCases, false)} />
        {f.banksAffected === null ? null : (
          <StatCard testId="figure-banks" label={t("analytics.figures.banks")} value={formatCount(f.banksAffected)} unit={t("analytics.figures.ofBanks", { total: f.totalBanks })} />
        )}
        <StatCard testId="figure-compensated" label={t("analytics.figures.compensated")} value={formatYen(f.compensatedYen)} footnote={shareText} />
        <StatCard testId="figure-pending" label={t("analytics.figures.pending")} value={formatYen(f.pendingYen)} unit={t("analytics.figures.pendingCases", { count: f.pendingCases })} footnote={avg(a?.pendingYen, true)} />
        <StatCard testId="figure-refused" label={t("analytics.figures.refused")} value={formatCount(f.refusedCases)} footnote={formatYen(f.refusedYen)} />
        <StatCard testId="figure-outstanding" label={t("analytics.figures.outstanding")} value={formatYen(f.outstandingYen)} footnote={t("analytics.figures.outstandingNote")} />
        <StatCard testId="figure-blocked" label={t("analytics.figures.blocked")} value={formatCount(f.blockedAttempts)} footnote={a ? avg(a.blockedAttempts, false) : t("analytics.figures.blockedNote")} />
      </section>

      <div className="grid gap-4 xl:grid-cols-2">
        <ChartOf chart="lossOverTime" spec={lossSpec}>
          {(label) => (
            <DayLines
              label={label}
              rows={lossSpec.rows}
              format="yen"
              markers={markers}
              series={[{ key: "cumulativeYen", label: own ?? t("analytics.columns.cumulativeYen"), color: C.blue }, ...(withAvg ? [average("averageCumulativeYen", true)] : [])]}
            />
          )}
        </ChartOf>
        <BarsOf chart="lossByBank" spec={byBankSpec} categoryKey="bank" horizontal format="yen" series={[column("compensatedYen", C.green, "a"), column("pendingYen", C.orange, "a"), column("outstandingYen", C.vermillion, "a")]} />
        <BarsOf chart="spending" spec={spendSpec} categoryKey="category" format="yen" series={[{ key: "yen", label: own ?? t("analytics.columns.yen"), color: C.blue }, ...(withAvg ? [average("averageYen")] : [])]} />
        <BarsOf chart="links" note={incidentTraffic} spec={linksSpec} categoryKey="day" categoryFormat="day" format="count" series={[column("pin_only", C.vermillion, "l"), column("otp", C.sky, "l"), column("identity_document", C.green, "l")]} />
        <BarsOf chart="caseWeeks" spec={weeksSpec} categoryKey="week" categoryFormat="day" format="count" series={[column("opened", C.blue), column("closed", C.green), ...(withAvg ? [column("averageOpened", C.orange)] : [])]} />
        <BarsOf chart="caseAge" spec={ageSpec} categoryKey="band" format="count" series={[{ key: "open", label: own ?? t("analytics.columns.open"), color: C.blue }, ...(withAvg ? [average("averageOpen")] : [])]}>
          <dl className="mt-3 grid grid-cols-2 gap-2 text-sm sm:grid-cols-4" data-testid="sla">
            {(["kept", "breached", "openWithin", "openOverdue"] as const).map((k) => (
              <div key={k} className="rounded-md border px-3 py-2">
                <dt className="text-xs text-slate-700">{t(`analytics.sla.${k}`)}</dt>
                <dd className="text-lg font-semibold tabular-nums">{formatCount(sla[k])}</dd>
              </div>
            ))}
          </dl>
        </BarsOf>
        <BarsOf chart="decisions" note={incidentTraffic} spec={decisionsSpec} categoryKey="day" categoryFormat="day" format="count" series={[column("linkAllow", C.sky, "d"), column("linkDeny", C.vermillion, "d"), column("chargeAllow", C.blue, "d"), column("chargeDeny", C.orange, "d")]} />
        <BarsOf chart="decisionsByBank" note={incidentTraffic} spec={decisionsBankSpec} categoryKey="bank" horizontal format="count" series={[column("allow", C.sky, "b"), column("deny", C.vermillion, "b")]} />
      </div>
      <ChartOf chart="regulator" spec={regulatorSpec} tableOnly />
    </div>
  );
}

type ChartName = keyof (typeof Words)["charts"];

/**
 * A chart's card, named once: its title and description come from analytics.charts.<chart>, its id
 * is the chart's name in kebab case (lossByBank → loss-by-bank), and the chart is labelled with the title.
 */
function ChartOf({ chart, spec, note, tableOnly, children }: { chart: ChartName; spec: TableSpec; note?: string; tableOnly?: boolean; children?: ReactNode | ((label: string) => ReactNode) }) {
  const t = useT();
  const title = t(`analytics.charts.${chart}.title`);
  return (
    <ChartCard id={chart.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} title={title} description={t(`analytics.charts.${chart}.description`)} note={note} spec={spec} tableOnly={tableOnly}>
      {typeof children === "function" ? children(title) : children}
    </ChartCard>
  );
}

/** A bar chart's card: the bars of `spec`'s rows, then whatever else the card shows below them. */
function BarsOf({ chart, spec, note, children, ...bars }: { chart: ChartName; spec: TableSpec; note?: string; children?: ReactNode } & Omit<ComponentProps<typeof Bars>, "label" | "rows">) {
  return (
    <ChartOf chart={chart} spec={spec} note={note}>
      {(label) => (
        <>
          <Bars label={label} rows={spec.rows} {...bars} />
          {children}
        </>
      )}
    </ChartOf>
  );
}
