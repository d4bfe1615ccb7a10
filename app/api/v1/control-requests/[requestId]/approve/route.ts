import { approveRequest as approveBody } from "@/lib/controls/schemas";
import { approveRequest } from "@/lib/controls/service";
import { apiRoute } from "@/lib/http/route";

/** A second person (a manager, never the requester, never an API key) approves the reviewed revision. */
export const POST = apiRoute({ auth: "staff", body: approveBody }, async ({ actor, body, params }) => approveRequest(actor, params.requestId ?? "", body));
