import { cancelRequest } from "@/lib/controls/service";
import { controlsRoutes } from "@/lib/controls/openapi";
import { apiRoute } from "@/lib/http/route";

/** The requester withdraws a waiting request. */
export const POST = apiRoute(controlsRoutes.cancel, async ({ actor, body, params }) =>
  cancelRequest(actor, params.requestId, body),
);
