import { z } from "zod";

/**
 * The shapes the API-key routes, the OpenAPI document and the admin form share. Pure (no
 * server-only, no drizzle): the client form parses with these same schemas.
 */
import { API_KEY_SCOPES } from "./constants";

export { API_KEY_SCOPES };

export const API_KEY_NAME_MAX = 100;

/** The codes a refused field carries (with zod's params); the console words each in its own language. */
export const API_KEY_ERRORS = {
  required: "required",
  nameTooLong: "too_long",
  scopes: "scopes",
  unknownScope: "unknown_scope",
  alreadyRevoked: "already_revoked",
} as const;

const E = API_KEY_ERRORS;

export const createApiKeyRequest = z.object({
  /** What the key is for, e.g. "Wallet platform (production)". */
  name: z.string({ error: E.required }).trim().min(1, E.required).max(API_KEY_NAME_MAX, E.nameTooLong),
  scopes: z
    .array(z.enum(API_KEY_SCOPES, { error: E.unknownScope }), { error: E.scopes })
    .min(1, E.scopes)
    .max(API_KEY_SCOPES.length * 2, E.scopes)
    .transform((ss) => API_KEY_SCOPES.filter((s) => ss.includes(s))),
});
export type CreateApiKeyInput = z.input<typeof createApiKeyRequest>;

const person = z.object({ id: z.string(), email: z.string(), displayName: z.string() }).nullable();

export const apiKeyView = z.object({
  id: z.string(),
  name: z.string(),
  /** The first characters of the key, so people can tell keys apart; never the key. */
  prefix: z.string(),
  scopes: z.array(z.enum(API_KEY_SCOPES)),
  createdBy: person,
  /** ISO 8601, UTC. */
  createdAt: z.string(),
  /** Updated at most once a minute per key. */
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  revokedBy: person,
});
export type ApiKeyView = z.output<typeof apiKeyView>;

export const apiKeyPage = z.object({
  items: z.array(apiKeyView),
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type ApiKeyPage = z.output<typeof apiKeyPage>;

/** The key itself travels in this one response; only its SHA-256 is stored. */
export const createdApiKey = z.object({
  apiKey: apiKeyView,
  value: z.string(),
});
export type CreatedApiKey = z.output<typeof createdApiKey>;
