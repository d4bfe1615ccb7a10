import { usersRoutes } from "@/lib/users/openapi";
import { apiRoute } from "@/lib/http/route";
import { cancelCredentialReset } from "@/lib/users/resets";

/** The administrator who asked for the reset withdraws it. */
export const POST = apiRoute(usersRoutes.cancelReset, async ({ actor, body, params }) => cancelCredentialReset(actor, params.resetId, body));
