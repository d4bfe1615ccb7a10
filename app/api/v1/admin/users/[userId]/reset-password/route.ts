import { usersRoutes } from "@/lib/users/openapi";
import { apiRoute } from "@/lib/http/route";
import { resetPassword } from "@/lib/users/service";

/** A new temporary password (in this answer only); optionally a new TOTP enrolment too. */
export const POST = apiRoute(usersRoutes.resetPassword, async ({ actor, body, params }) => resetPassword(actor, params.userId, body));
