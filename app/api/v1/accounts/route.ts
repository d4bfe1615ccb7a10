import { listLinks } from "@/lib/accounts/service";
import { accountsRoutes } from "@/lib/accounts/openapi";
import { apiRoute } from "@/lib/http/route";

/** The links the caller may see, filtered and sorted, keyset-paged (no exact count). */
export const GET = apiRoute(accountsRoutes.list, async ({ actor, query }) => listLinks(actor, query));
