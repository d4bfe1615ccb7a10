import { openCaseFromLink } from "@/lib/accounts/open-case";
import { accountsRoutes } from "@/lib/accounts/openapi";
import { apiRoute } from "@/lib/http/route";

/** Opens a case (201), or adds the report to the link's open case (200, created false); audited. */
export const POST = apiRoute(accountsRoutes.openCase, async ({ actor, params, body }) => {
  const result = await openCaseFromLink(actor, params.linkId, body.note);
  return result.created ? result : Response.json(result, { status: 200, headers: { "cache-control": "no-store" } });
});
