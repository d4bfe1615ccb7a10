import { getLink } from "@/lib/accounts/service";
import { accountsRoutes } from "@/lib/accounts/openapi";
import { apiRoute } from "@/lib/http/route";

/** One link with its wallet, related links at the banks the caller may see, and its cases. */
export const GET = apiRoute(accountsRoutes.link, async ({ actor, params }) => getLink(actor, params.linkId));
