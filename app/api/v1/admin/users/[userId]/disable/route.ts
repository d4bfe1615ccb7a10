import { apiRoute } from "@/lib/http/route";
import { disableUser } from "@/lib/users/service";

/** Disable the person and end every session they have. */
export const POST = apiRoute({ auth: "staff" }, async ({ actor, params }) => disableUser(actor, params.userId ?? ""));
