import { analyticsRoutes } from "@/lib/analytics/openapi";
import { decisionsChart } from "@/lib/analytics/service";
import { apiRoute } from "@/lib/http/route";

/** Decisions per day by outcome, per bank. */
export const GET = apiRoute(analyticsRoutes.decisions, async ({ actor, query }) => decisionsChart(actor, query));
