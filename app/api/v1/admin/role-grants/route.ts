import { apiRoute } from "@/lib/http/route";
import { listRoleGrants } from "@/lib/users/grants";
import { grantsQuery } from "@/lib/users/schemas";

/** Grants of manager or admin waiting for a second administrator (and, with status=all, the latest decided). */
export const GET = apiRoute({ auth: "staff", query: grantsQuery }, async ({ actor, query }) => listRoleGrants(actor, query));
