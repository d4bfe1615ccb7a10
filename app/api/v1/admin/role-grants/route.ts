import { usersRoutes } from "@/lib/users/openapi";
import { apiRoute } from "@/lib/http/route";
import { listRoleGrants } from "@/lib/users/grants";

/** Grants of manager or admin waiting for a second administrator (and, with status=all, the latest decided). */
export const GET = apiRoute(usersRoutes.grants, async ({ actor, query }) => listRoleGrants(actor, query));
