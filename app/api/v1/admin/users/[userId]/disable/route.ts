import { usersRoutes } from "@/lib/users/openapi";
import { apiRoute } from "@/lib/http/route";
import { disableUser } from "@/lib/users/service";

/** Disable the person and end every session they have. */
export const POST = apiRoute(usersRoutes.disable, async ({ actor, params }) => disableUser(actor, params.userId));
