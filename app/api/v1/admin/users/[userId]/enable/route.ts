import { usersRoutes } from "@/lib/users/openapi";
import { apiRoute } from "@/lib/http/route";
import { enableUser } from "@/lib/users/service";

/** Let a disabled person sign in again. */
export const POST = apiRoute(usersRoutes.enable, async ({ actor, params }) => enableUser(actor, params.userId));
