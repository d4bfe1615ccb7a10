import { z } from "zod";
import { defineRoute, idParam } from "@/lib/openapi/spec";
import { pageQuery } from "@/lib/users/schemas";
import { apiKeyPage, apiKeyView, createApiKeyRequest, createdApiKey } from "./schemas";

const base = { tag: "admin", auth: "staff", permission: "api_keys.manage" } as const;

export const apiKeysRoutes = {
  list: defineRoute({
    ...base,
    method: "get",
    path: "/api/v1/admin/api-keys",
    summary: "The API keys of the caller's organisation, revoked ones included, newest first; keyset pages",
    query: pageQuery,
    response: apiKeyPage,
  }),
  create: defineRoute({
    ...base,
    method: "post",
    path: "/api/v1/admin/api-keys",
    summary: "Issue an API key for the caller's organisation; the key value is in this answer only (only its hash is stored)",
    body: createApiKeyRequest,
    response: createdApiKey,
    successStatus: 201,
  }),
  revoke: defineRoute({
    ...base,
    method: "post",
    path: "/api/v1/admin/api-keys/{keyId}/revoke",
    params: z.object({ keyId: idParam }),
    summary: "Revoke an API key at once; revoking a revoked key is 409",
    bankScoped: true,
    response: apiKeyView,
    errors: { 409: { conflict: "The key is already revoked (`revokedAt`)" } },
  }),
};
