import { usersRoutes } from "@/lib/users/openapi";
import { apiRoute } from "@/lib/http/route";
import { rejectRoleGrant } from "@/lib/users/grants";

/** A second administrator rejects the grant: the person's roles stay as they are. */
export const POST = apiRoute(usersRoutes.rejectGrant, async ({ actor, body, params }) => rejectRoleGrant(actor, params.grantId, body));
