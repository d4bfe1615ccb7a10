import { apiRoute } from "@/lib/http/route";
import { enableUser } from "@/lib/users/service";

/** Let a disabled person sign in again. */
export const POST = apiRoute({ auth: "staff" }, async ({ actor, params }) => enableUser(actor, params.userId ?? ""));
