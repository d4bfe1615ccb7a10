import { bigint, index, pgTable, text, timestamp, unique } from "drizzle-orm/pg-core";

/**
 * The Idempotency-Key of a POST (lib/http/idempotency.ts): per caller and key, what the request
 * was (a hash of its method, path and body) and the first answer to it. A row without a
 * `response_status` is a request still running (a claim); once answered it holds the status, the
 * content type and the body, sealed (some answers carry a secret shown once: a new API key, a
 * temporary password). Kept at least 24 hours; the sweep removes older rows (created_at index).
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    /** Whose key: `user:<users.id>` or `key:<api_keys.id>`; another caller's same key is another row. */
    scope: text().notNull(),
    key: text().notNull(),
    /** SHA-256 (hex) of the method, the path with its query and the body's canonical JSON. */
    requestHash: text().notNull(),
    /** Null while the first request runs. */
    responseStatus: bigint({ mode: "number" }),
    responseContentType: text(),
    /** The answer's body as sent, sealed (lib/auth/secret-box.ts). */
    responseBody: text(),
    /** When the key was claimed (a stale claim taken over restarts it). */
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("idempotency_scope_key").on(t.scope, t.key), index("idempotency_keys_created_idx").on(t.createdAt)],
);
