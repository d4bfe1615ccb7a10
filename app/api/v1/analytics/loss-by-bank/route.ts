import { analyticsRoutes } from "@/lib/analytics/openapi";
import { lossByBankChart } from "@/lib/analytics/service";
import { apiRoute } from "@/lib/http/route";

/** Loss per bank: compensated, pending, outstanding. */
export const GET = apiRoute(analyticsRoutes.lossByBank, async ({ actor, query }) => lossByBankChart(actor, query));
