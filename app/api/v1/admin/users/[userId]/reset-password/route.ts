import { apiRoute } from "@/lib/http/route";
import { resetPasswordRequest } from "@/lib/users/schemas";
import { resetPassword } from "@/lib/users/service";

/** A new temporary password (in this answer only); optionally a new TOTP enrolment too. */
export const POST = apiRoute({ auth: "staff", body: resetPasswordRequest }, async ({ actor, body, params }) => resetPassword(actor, params.userId ?? "", body));
