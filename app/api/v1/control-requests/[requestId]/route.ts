import { editLooseningRequest } from "@/lib/controls/schemas";
import { editRequest } from "@/lib/controls/service";
import { apiRoute } from "@/lib/http/route";

/** The requester edits a waiting request: its revision goes up, any approval is void. */
export const PATCH = apiRoute({ auth: "staff_or_service", scope: "controls", body: editLooseningRequest }, async ({ actor, body, params }) =>
  editRequest(actor, params.requestId ?? "", body),
);
