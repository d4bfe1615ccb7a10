import { bulkBlastRadius } from "@/lib/controls/service";
import { controlsRoutes } from "@/lib/controls/openapi";
import { apiRoute } from "@/lib/http/route";

/** What a bulk tightening would touch, computed now, before it is sent. */
export const GET = apiRoute(controlsRoutes.bulkBlastRadius, async ({ actor, query }) => bulkBlastRadius(actor, query));
