import { usersRoutes } from "@/lib/users/openapi";
import { apiRoute } from "@/lib/http/route";
import { listCredentialResets } from "@/lib/users/resets";

/** Resets of a manager's or admin's credentials waiting for a second administrator (and, with status=all, the latest decided). */
export const GET = apiRoute(usersRoutes.resets, async ({ actor, query }) => listCredentialResets(actor, query));
