import { approveRequest } from "@/lib/controls/service";
import { controlsRoutes } from "@/lib/controls/openapi";
import { apiRoute } from "@/lib/http/route";

/** A second person (a manager, never the requester, never an API key) approves the reviewed revision. */
export const POST = apiRoute(controlsRoutes.approve, async ({ actor, body, params }) => approveRequest(actor, params.requestId, body));
