import { openCaseFromLink } from "@/lib/accounts/open-case";
import { accountsRoutes } from "@/lib/accounts/openapi";
import { apiRoute } from "@/lib/http/route";

/** Opens a case (status new) on the link; audited. */
export const POST = apiRoute(accountsRoutes.openCase, async ({ actor, params, body }) =>
  openCaseFromLink(actor, params.linkId, body.note),
);
