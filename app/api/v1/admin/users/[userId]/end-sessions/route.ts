import { apiRoute } from "@/lib/http/route";
import { endSessions } from "@/lib/users/service";

/** End every open session of the person. */
export const POST = apiRoute({ auth: "staff" }, async ({ actor, params }) => endSessions(actor, params.userId ?? ""));
