import { analyticsRoutes } from "@/lib/analytics/openapi";
import { analyticsSummary } from "@/lib/analytics/service";
import { apiRoute } from "@/lib/http/route";

/** The analytics' headline figures in the caller's scope. */
export const GET = apiRoute(analyticsRoutes.summary, async ({ actor, query }) => analyticsSummary(actor, query));
