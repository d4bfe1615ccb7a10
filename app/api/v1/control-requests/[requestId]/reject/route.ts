import { rejectRequest as rejectBody } from "@/lib/controls/schemas";
import { rejectRequest } from "@/lib/controls/service";
import { apiRoute } from "@/lib/http/route";

/** A manager who may approve the request may reject it instead. */
export const POST = apiRoute({ auth: "staff", body: rejectBody }, async ({ actor, body, params }) => rejectRequest(actor, params.requestId ?? "", body));
