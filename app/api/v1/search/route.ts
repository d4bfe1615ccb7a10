import { searchRoutes } from "@/lib/search/openapi";
import { search } from "@/lib/search/service";
import { apiRoute } from "@/lib/http/route";

/** The command palette's search: wallets, links and banks in the caller's scope, grouped. */
export const GET = apiRoute(searchRoutes.search, async ({ actor, query }) => search(actor, query));
