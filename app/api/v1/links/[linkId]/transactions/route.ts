import { linkTransactionsQuery } from "@/lib/accounts/schemas";
import { listLinkTransactions } from "@/lib/accounts/service";
import { apiRoute } from "@/lib/http/route";

/** The link's transactions, newest first, keyset-paged. */
export const GET = apiRoute({ auth: "staff", query: linkTransactionsQuery }, async ({ actor, params, query }) =>
  listLinkTransactions(actor, params.linkId ?? "", query),
);
