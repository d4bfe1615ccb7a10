import { apiRoute } from "@/lib/http/route";
import { rejectRoleGrant } from "@/lib/users/grants";
import { rejectGrantRequest } from "@/lib/users/schemas";

/** A second administrator rejects the grant: the person's roles stay as they are. */
export const POST = apiRoute({ auth: "staff", body: rejectGrantRequest }, async ({ actor, body, params }) => rejectRoleGrant(actor, params.grantId ?? "", body));
