import { analyticsRoutes } from "@/lib/analytics/openapi";
import { spendingByCategoryChart } from "@/lib/analytics/service";
import { apiRoute } from "@/lib/http/route";

/** Fraudulent spending per merchant category. */
export const GET = apiRoute(analyticsRoutes.spendingByCategory, async ({ actor, query }) => spendingByCategoryChart(actor, query));
