import { usersRoutes } from "@/lib/users/openapi";
import { apiRoute } from "@/lib/http/route";
import { approveCredentialReset } from "@/lib/users/resets";

/** A second administrator (never the maker, never the person) approves: the reset is done and its temporary password comes back to them alone. */
export const POST = apiRoute(usersRoutes.approveReset, async ({ actor, body, params }) => approveCredentialReset(actor, params.resetId, body));
