import { casesRoutes } from "@/lib/cases/openapi";
import { listCases } from "@/lib/cases/list";
import { apiRoute } from "@/lib/http/route";

/** The case queue in the caller's scope, filtered and sorted, keyset-paged. */
export const GET = apiRoute(casesRoutes.list, async ({ actor, query }) => listCases(actor, query));
