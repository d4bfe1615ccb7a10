import { apiRoute } from "@/lib/http/route";
import { approveRoleGrant } from "@/lib/users/grants";
import { approveGrantRequest } from "@/lib/users/schemas";

/** A second administrator (never the maker, never the grantee) approves the reviewed revision: the roles are added. */
export const POST = apiRoute({ auth: "staff", body: approveGrantRequest }, async ({ actor, body, params }) => approveRoleGrant(actor, params.grantId ?? "", body));
