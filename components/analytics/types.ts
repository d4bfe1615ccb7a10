import type { z } from "zod";
import type { AnalyticsSummary, caseFlow, decisionsPerDay, linksByVerification, lossByBank, lossOverTime, regulatorTable, spendingByCategory } from "@/lib/analytics/schemas";

/** Everything the page shows, one answer per API route. */
export interface AnalyticsData {
  summary: AnalyticsSummary;
  lossOverTime: z.output<typeof lossOverTime>;
  lossByBank: z.output<typeof lossByBank>;
  spending: z.output<typeof spendingByCategory>;
  links: z.output<typeof linksByVerification>;
  caseFlow: z.output<typeof caseFlow>;
  decisions: z.output<typeof decisionsPerDay>;
  regulator: z.output<typeof regulatorTable>;
}

export const ANALYTICS_PATHS: Record<keyof AnalyticsData, string> = {
  summary: "summary",
  lossOverTime: "loss-over-time",
  lossByBank: "loss-by-bank",
  spending: "spending-by-category",
  links: "links-by-verification",
  caseFlow: "case-flow",
  decisions: "decisions",
  regulator: "regulator",
};
