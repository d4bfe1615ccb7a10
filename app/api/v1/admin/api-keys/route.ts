import { createApiKey, listApiKeys } from "@/lib/api-keys/service";
import { apiKeysRoutes } from "@/lib/api-keys/openapi";
import { apiRoute } from "@/lib/http/route";

/** The API keys of the caller's organisation, newest first. */
export const GET = apiRoute(apiKeysRoutes.list, async ({ actor, query }) => listApiKeys(actor, query));

/** A new API key; its value is in this answer only. */
export const POST = apiRoute(apiKeysRoutes.create, async ({ actor, body }) =>
  createApiKey(actor, body),
);
