import { usersRoutes } from "@/lib/users/openapi";
import { apiRoute } from "@/lib/http/route";
import { cancelRoleGrant } from "@/lib/users/grants";

/** The administrator who asked for the grant withdraws it. */
export const POST = apiRoute(usersRoutes.cancelGrant, async ({ actor, body, params }) => cancelRoleGrant(actor, params.grantId, body));
