import { revokeApiKey } from "@/lib/api-keys/service";
import { apiRoute } from "@/lib/http/route";

/** Revoke the key: the next request made with it is refused. */
export const POST = apiRoute({ auth: "staff" }, async ({ actor, params }) => revokeApiKey(actor, params.keyId ?? ""));
