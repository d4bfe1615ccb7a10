import { openCaseFromLink } from "@/lib/accounts/open-case";
import { openCaseRequest } from "@/lib/accounts/schemas";
import { apiRoute, json } from "@/lib/http/route";

/** Opens a case (status new) on the link; audited. */
export const POST = apiRoute({ auth: "staff", body: openCaseRequest }, async ({ actor, params, body }) =>
  json(await openCaseFromLink(actor, params.linkId ?? "", body.note), 201),
);
