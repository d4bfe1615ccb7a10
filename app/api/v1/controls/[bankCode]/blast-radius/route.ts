import { blastRadius } from "@/lib/controls/service";
import { controlsRoutes } from "@/lib/controls/openapi";
import { apiRoute } from "@/lib/http/route";

/** What a new state of one control would touch at this bank, computed now. */
export const GET = apiRoute(controlsRoutes.blastRadius, async ({ actor, query, params }) =>
  blastRadius(actor, params.bankCode, query.control, query.toState),
);
