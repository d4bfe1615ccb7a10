import { revokeApiKey } from "@/lib/api-keys/service";
import { apiKeysRoutes } from "@/lib/api-keys/openapi";
import { apiRoute } from "@/lib/http/route";

/** Revoke the key: the next request made with it is refused. */
export const POST = apiRoute(apiKeysRoutes.revoke, async ({ actor, params }) => revokeApiKey(actor, params.keyId));
