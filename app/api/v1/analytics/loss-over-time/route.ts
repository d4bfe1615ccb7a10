import { analyticsRoutes } from "@/lib/analytics/openapi";
import { lossOverTimeChart } from "@/lib/analytics/service";
import { apiRoute } from "@/lib/http/route";

/** Cumulative confirmed loss with the control changes. */
export const GET = apiRoute(analyticsRoutes.lossOverTime, async ({ actor, query }) => lossOverTimeChart(actor, query));
