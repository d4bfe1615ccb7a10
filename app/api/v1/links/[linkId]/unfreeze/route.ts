import { unfreezeLink } from "@/lib/accounts/service";
import { accountsRoutes } from "@/lib/accounts/openapi";
import { apiRoute } from "@/lib/http/route";

/** Releases a frozen link (frozen → active), with a reason; audited. */
export const POST = apiRoute(accountsRoutes.unfreeze, async ({ actor, params, body }) => unfreezeLink(actor, params.linkId, body.reason));
