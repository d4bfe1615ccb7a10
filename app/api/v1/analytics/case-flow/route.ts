import { analyticsRoutes } from "@/lib/analytics/openapi";
import { caseFlowChart } from "@/lib/analytics/service";
import { apiRoute } from "@/lib/http/route";

/** Cases opened and closed per week, open by age, SLA. */
export const GET = apiRoute(analyticsRoutes.caseFlow, async ({ actor, query }) => caseFlowChart(actor, query));
