import { freezeRequest } from "@/lib/accounts/schemas";
import { freezeLink } from "@/lib/accounts/service";
import { apiRoute } from "@/lib/http/route";

/** Freezes a link (active → frozen), with a reason; audited. */
export const POST = apiRoute({ auth: "staff", body: freezeRequest }, async ({ actor, params, body }) => freezeLink(actor, params.linkId ?? "", body.reason));
