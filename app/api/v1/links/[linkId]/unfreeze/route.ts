import { freezeRequest } from "@/lib/accounts/schemas";
import { unfreezeLink } from "@/lib/accounts/service";
import { apiRoute } from "@/lib/http/route";

/** Releases a frozen link (frozen → active), with a reason; audited. */
export const POST = apiRoute({ auth: "staff", body: freezeRequest }, async ({ actor, params, body }) => unfreezeLink(actor, params.linkId ?? "", body.reason));
