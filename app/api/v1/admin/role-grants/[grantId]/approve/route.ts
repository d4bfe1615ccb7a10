import { usersRoutes } from "@/lib/users/openapi";
import { apiRoute } from "@/lib/http/route";
import { approveRoleGrant } from "@/lib/users/grants";

/** A second administrator (never the maker, never the grantee) approves the reviewed revision: the roles are added. */
export const POST = apiRoute(usersRoutes.approveGrant, async ({ actor, body, params }) => approveRoleGrant(actor, params.grantId, body));
