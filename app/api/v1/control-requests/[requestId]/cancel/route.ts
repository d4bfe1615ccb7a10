import { cancelRequest as cancelBody } from "@/lib/controls/schemas";
import { cancelRequest } from "@/lib/controls/service";
import { apiRoute } from "@/lib/http/route";

/** The requester withdraws a waiting request. */
export const POST = apiRoute({ auth: "staff_or_service", scope: "controls", body: cancelBody }, async ({ actor, body, params }) =>
  cancelRequest(actor, params.requestId ?? "", body),
);
