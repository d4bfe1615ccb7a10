import { listControls } from "@/lib/controls/service";
import { controlsRoutes } from "@/lib/controls/openapi";
import { apiRoute } from "@/lib/http/route";

/** Every bank the caller may see, with both controls and the loosenings waiting. */
export const GET = apiRoute(controlsRoutes.list, async ({ actor, query }) => listControls(actor, query));
