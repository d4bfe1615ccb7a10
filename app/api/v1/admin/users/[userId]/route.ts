import { apiRoute } from "@/lib/http/route";
import { updateStaffRequest } from "@/lib/users/schemas";
import { updateStaff } from "@/lib/users/service";

/** New roles (ending the person's sessions) and/or a new display name. */
export const PATCH = apiRoute({ auth: "staff", body: updateStaffRequest }, async ({ actor, body, params }) => updateStaff(actor, params.userId ?? "", body));
