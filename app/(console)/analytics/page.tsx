import { connection } from "next/server";
import { AnalyticsBoard } from "@/components/analytics/analytics-board";
import type { AnalyticsData } from "@/components/analytics/types";
import { apiQueryOf, filtersOf } from "@/lib/analytics/period";
import { analyticsQuery } from "@/lib/analytics/schemas";
import {
  analyticsSummary,
  caseFlowChart,
  decisionsChart,
  linksByVerificationChart,
  lossByBankChart,
  lossOverTimeChart,
  regulatorChart,
  spendingByCategoryChart,
} from "@/lib/analytics/service";
import { requirePermission } from "@/lib/auth/page-guard";
import { ClientMessages } from "@/lib/i18n/client-messages";
import { getT } from "@/lib/i18n/server";
import { jstDay } from "@/lib/jst";

/** Loss analytics (#16): prefetched with the services for the URL's filters, then kept by react-query against /api/v1/analytics/*. */
export default async function AnalyticsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const actor = await requirePermission("analytics.read");
  const t = await getT();
  const filters = filtersOf(await searchParams);
  const today = jstDay(new Date());
  const parsed = analyticsQuery.safeParse(apiQueryOf(filters, today));
  let initialData: AnalyticsData | undefined;
  if (parsed.success) {
    const q = parsed.data;
    try {
      const [summary, lossOverTime, lossByBank, spending, links, caseFlow, decisions, regulator] = await Promise.all([
        analyticsSummary(actor, q),
        lossOverTimeChart(actor, q),
        lossByBankChart(actor, q),
        spendingByCategoryChart(actor, q),
        linksByVerificationChart(actor, q),
        caseFlowChart(actor, q),
        decisionsChart(actor, q),
        regulatorChart(actor, q),
      ]);
      initialData = { summary, lossOverTime, lossByBank, spending, links, caseFlow, decisions, regulator };
    } catch {
      // A filter the service refuses (a bank or incident that is not there): the browser asks again and shows the refusal.
      initialData = undefined;
    }
  }
  return (
    <ClientMessages namespaces={["analytics"]}>
      <div className="space-y-4">
        <div className="max-w-4xl space-y-1">
          <h1 className="text-2xl font-bold">{t("analytics.title")}</h1>
          <p className="text-sm text-slate-700">{t("analytics.intro")}</p>
        </div>
        <AnalyticsBoard initialFilters={filters} initialData={initialData} today={today} carrier={actor.bankId === null} />
      </div>
    </ClientMessages>
  );
}
