import { freezeLink } from "@/lib/accounts/service";
import { accountsRoutes } from "@/lib/accounts/openapi";
import { apiRoute } from "@/lib/http/route";

/** Freezes a link (active → frozen), with a reason; audited. */
export const POST = apiRoute(accountsRoutes.freeze, async ({ actor, params, body }) => freezeLink(actor, params.linkId, body.reason));
