import { history } from "@/lib/controls/service";
import { controlsRoutes } from "@/lib/controls/openapi";
import { apiRoute } from "@/lib/http/route";

/** One bank's timeline of changes, requests and decisions, newest first (keyset-paged). */
export const GET = apiRoute(controlsRoutes.history, async ({ actor, query, params }) =>
  history(actor, params.bankCode, query),
);
