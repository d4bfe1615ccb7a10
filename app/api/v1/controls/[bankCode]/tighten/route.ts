import { tighten } from "@/lib/controls/service";
import { controlsRoutes } from "@/lib/controls/openapi";
import { apiRoute } from "@/lib/http/route";

/** Tighten one control of this bank at once (the bank code typed as confirmation). */
export const POST = apiRoute(controlsRoutes.tighten, async ({ actor, body, params }) => tighten(actor, params.bankCode, body));
