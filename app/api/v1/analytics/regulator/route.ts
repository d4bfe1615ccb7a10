import { analyticsRoutes } from "@/lib/analytics/openapi";
import { regulatorChart } from "@/lib/analytics/service";
import { apiRoute } from "@/lib/http/route";

/** The regulator's table per bank and quarter. */
export const GET = apiRoute(analyticsRoutes.regulator, async ({ actor, query }) => regulatorChart(actor, query));
