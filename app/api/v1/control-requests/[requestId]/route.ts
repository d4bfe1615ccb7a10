import { editRequest } from "@/lib/controls/service";
import { controlsRoutes } from "@/lib/controls/openapi";
import { apiRoute } from "@/lib/http/route";

/** The requester edits a waiting request: its revision goes up, any approval is void. */
export const PATCH = apiRoute(controlsRoutes.editRequest, async ({ actor, body, params }) =>
  editRequest(actor, params.requestId, body),
);
