import { createApiKeyRequest } from "@/lib/api-keys/schemas";
import { createApiKey, listApiKeys } from "@/lib/api-keys/service";
import { apiRoute, json } from "@/lib/http/route";
import { pageQuery } from "@/lib/users/schemas";

/** The API keys of the caller's organisation, newest first. */
export const GET = apiRoute({ auth: "staff", query: pageQuery }, async ({ actor, query }) => listApiKeys(actor, query));

/** A new API key; its value is in this answer only. */
export const POST = apiRoute({ auth: "staff", body: createApiKeyRequest }, async ({ actor, body }) =>
  json(await createApiKey(actor, body), 201, { "cache-control": "no-store" }),
);
