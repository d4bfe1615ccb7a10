import { usersRoutes } from "@/lib/users/openapi";
import { apiRoute } from "@/lib/http/route";
import { endSessions } from "@/lib/users/service";

/** End every open session of the person. */
export const POST = apiRoute(usersRoutes.endSessions, async ({ actor, params }) => endSessions(actor, params.userId));
