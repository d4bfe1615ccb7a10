import { usersRoutes } from "@/lib/users/openapi";
import { apiRoute } from "@/lib/http/route";
import { rejectCredentialReset } from "@/lib/users/resets";

/** A second administrator rejects the reset: the password and second factor stay as they are. */
export const POST = apiRoute(usersRoutes.rejectReset, async ({ actor, body, params }) => rejectCredentialReset(actor, params.resetId, body));
