import { analyticsRoutes } from "@/lib/analytics/openapi";
import { linksByVerificationChart } from "@/lib/analytics/service";
import { apiRoute } from "@/lib/http/route";

/** New links per day by verification method. */
export const GET = apiRoute(analyticsRoutes.linksByVerification, async ({ actor, query }) => linksByVerificationChart(actor, query));
