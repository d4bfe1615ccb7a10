import { rejectRequest } from "@/lib/controls/service";
import { controlsRoutes } from "@/lib/controls/openapi";
import { apiRoute } from "@/lib/http/route";

/** A manager who may approve the request may reject it instead. */
export const POST = apiRoute(controlsRoutes.reject, async ({ actor, body, params }) => rejectRequest(actor, params.requestId, body));
