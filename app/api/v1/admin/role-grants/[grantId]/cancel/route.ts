import { apiRoute } from "@/lib/http/route";
import { cancelRoleGrant } from "@/lib/users/grants";
import { cancelGrantRequest } from "@/lib/users/schemas";

/** The administrator who asked for the grant withdraws it. */
export const POST = apiRoute({ auth: "staff", body: cancelGrantRequest }, async ({ actor, body, params }) => cancelRoleGrant(actor, params.grantId ?? "", body));
