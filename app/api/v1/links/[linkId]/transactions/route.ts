import { listLinkTransactions } from "@/lib/accounts/service";
import { accountsRoutes } from "@/lib/accounts/openapi";
import { apiRoute } from "@/lib/http/route";

/** The link's transactions, newest first, keyset-paged. */
export const GET = apiRoute(accountsRoutes.transactions, async ({ actor, params, query }) =>
  listLinkTransactions(actor, params.linkId, query),
);
