import { bulkTighten } from "@/lib/controls/service";
import { controlsRoutes } from "@/lib/controls/openapi";
import { apiRoute } from "@/lib/http/route";

/** The carrier tightens one control at many banks (or all) in one transaction. */
export const POST = apiRoute(controlsRoutes.bulkTighten, async ({ actor, body }) => bulkTighten(actor, body));
