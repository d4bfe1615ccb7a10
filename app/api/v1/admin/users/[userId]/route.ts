import { usersRoutes } from "@/lib/users/openapi";
import { apiRoute } from "@/lib/http/route";
import { updateStaff } from "@/lib/users/service";

/** New roles (ending the person's sessions) and/or a new display name. */
export const PATCH = apiRoute(usersRoutes.update, async ({ actor, body, params }) => updateStaff(actor, params.userId, body));
