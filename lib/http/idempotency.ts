import "server-only";
import crypto from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { idempotencyKeys } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { open, seal } from "@/lib/auth/secret-box";
import { canonicalJson } from "@/lib/audit/chain";
import { IdempotencyKeyInUse, IdempotencyKeyReused } from "./idempotency-key";

/**
 * Idempotency-Key on every POST of the API, with Stripe's semantics (issue #15 §3). The pipeline
 * (lib/http/route.ts) calls this only for a POST that carries the header and has a caller; a
 * request without the header never reaches it.
 *
 *  - the same caller, key, method, path and body get the first answer again, status and body byte
 *    for byte (errors included), marked `Idempotent-Replayed: true`;
 *  - the same key with another request (body, path or method): 422 `idempotency_key_reused`;
 *  - while the first request with the key runs: 409 `idempotency_key_in_use` (Retry-After: 1);
 *  - nothing is kept for a request refused before it ran (authentication, the body's or the path's
 *    parsing: the pipeline claims the key only after them), nor for an answer that says the input
 *    or the moment was wrong rather than what happened (400, 413, 415, 422, 429, 503, see
 *    `keepsAnswer`): the corrected or retried request with the same key runs;
 *  - keys are scoped to the caller (a staff member's user id, an API key's id) and kept at least
 *    24 hours (`sweepIdempotencyKeys`, run by the console's scheduler).
 */

/** How long a key and its answer are kept at least (the sweep removes older ones). */
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * A claim whose request has not answered after this long is taken over by the next request with
 * the key: its process died between running and storing (every statement ends within
 * LINKGUARD_DB_STATEMENT_TIMEOUT_MS, 10 s by default, so a live request is long done).
 */
export const IDEMPOTENCY_STALE_CLAIM_MS = 2 * 60 * 1000;

/** Whose keys these are: another caller's same key is another key. */
export function idempotencyScope(actor: Actor): string {
  return actor.kind === "staff" ? `user:${actor.userId}` : `key:${actor.apiKeyId}`;
}

/**
 * What the request asks, as a hash: the method, the path with its query, and the body as parsed
 * JSON with its keys sorted (the same document with other spacing or key order is the same request).
 */
export function idempotencyRequestHash(method: string, pathWithQuery: string, body: unknown): string {
  return crypto.createHash("sha256").update(`${method} ${pathWithQuery}\n${canonicalJson(body)}`).digest("hex");
}

/** An answer as it is stored and replayed. */
export interface StoredAnswer {
  status: number;
  contentType: string;
  body: string;
}

/**
 * Whether an answer is kept for replays. Not kept: refusals of the input (400, 413, 415, 422: the
 * corrected request may reuse the key) and of the moment (429 throttled, 503 database unavailable:
 * nothing changed, and the retry must run). Every other answer is what happened, and is kept:
 * successes, 403, 404, a domain's 409, and a 500 (it may have changed something).
 */
export function keepsAnswer(status: number): boolean {
  return !(status === 400 || status === 413 || status === 415 || status === 422 || status === 429 || status === 503);
}

/**
 * Claims the key for this request, or says what to do instead: null when this request is to run
 * (and later `completeIdempotencyKey` or `releaseIdempotencyKey`), the stored answer to replay, or
 * a thrown 422 (another request's key) or 409 (the first still runs).
 */
export async function claimIdempotencyKey(db: Db, scope: string, key: string, requestHash: string, now: Date = new Date()): Promise<StoredAnswer | null> {
  // A row removed between the insert and the read (its request failed and released it): try again.
  for (let attempt = 0; attempt < 3; attempt++) {
    const claimed = await db.insert(idempotencyKeys).values({ scope, key, requestHash, createdAt: now }).onConflictDoNothing().returning({ key: idempotencyKeys.key });
    if (claimed.length) return null;
    const [row] = await db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
    if (!row) continue;
    if (row.requestHash !== requestHash) throw new IdempotencyKeyReused();
    if (row.responseStatus === null || row.responseBody === null) {
      if (now.getTime() - row.createdAt.getTime() < IDEMPOTENCY_STALE_CLAIM_MS) throw new IdempotencyKeyInUse();
      // A claim whose process died: taken over, by one request only (the claim time is the condition).
      const taken = await db
        .update(idempotencyKeys)
        .set({ createdAt: now })
        .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key), isNull(idempotencyKeys.responseStatus), eq(idempotencyKeys.createdAt, row.createdAt)))
        .returning({ key: idempotencyKeys.key });
      if (taken.length) return null;
      throw new IdempotencyKeyInUse();
    }
    return { status: row.responseStatus, contentType: row.responseContentType ?? "application/json", body: open(row.responseBody, "idempotent-answer-v1") };
  }
  throw new IdempotencyKeyInUse();
}

/** Stores the answer of the request that claimed the key. */
export async function completeIdempotencyKey(db: Db, scope: string, key: string, answer: StoredAnswer): Promise<void> {
  await db
    .update(idempotencyKeys)
    .set({ responseStatus: answer.status, responseContentType: answer.contentType, responseBody: seal(answer.body, "idempotent-answer-v1") })
    .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key), isNull(idempotencyKeys.responseStatus)));
}

/** Gives up the claim of a request whose answer is not kept: the next request with the key runs. */
export async function releaseIdempotencyKey(db: Db, scope: string, key: string): Promise<void> {
  await db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key), isNull(idempotencyKeys.responseStatus)));
}

/** Any fixed number: one sweep at a time across every process (pg_try_advisory_xact_lock). */
export const IDEMPOTENCY_SWEEP_LOCK = 7_413_051;

const SWEEP_BATCH = 5_000;

export interface IdempotencySweep {
  /** false: another process was sweeping (it holds the lock); this one did nothing. */
  ran: boolean;
  deleted: number;
}

/**
 * Removes the keys claimed more than 24 hours before `now`, answered or not. One sweep runs at a
 * time across every process (an advisory lock held by its transaction); the others skip their turn.
 */
export async function sweepIdempotencyKeys(db: Db, now: Date = new Date()): Promise<IdempotencySweep> {
  const cutoff = new Date(now.getTime() - IDEMPOTENCY_RETENTION_MS);
  return db.transaction(async (tx) => {
    const lock = (await tx.execute(sql`select pg_try_advisory_xact_lock(${IDEMPOTENCY_SWEEP_LOCK}) as got`)) as unknown as { rows: { got: boolean }[] };
    if (!lock.rows[0]?.got) return { ran: false, deleted: 0 };
    let deleted = 0;
    for (;;) {
      // Raw SQL: a batched delete that counts what it removed (the created_at index finds the batch).
      const gone = (await tx.execute(sql`
        with gone as (
          delete from ${idempotencyKeys}
          where (${idempotencyKeys.scope}, ${idempotencyKeys.key}) in (
            select ${idempotencyKeys.scope}, ${idempotencyKeys.key} from ${idempotencyKeys}
            where ${idempotencyKeys.createdAt} < ${cutoff.toISOString()}::timestamptz limit ${SWEEP_BATCH}
          )
          returning 1
        )
        select count(*)::int as n from gone`)) as unknown as { rows: { n: number }[] };
      const n = Number(gone.rows[0]?.n ?? 0);
      deleted += n;
      if (n < SWEEP_BATCH) return { ran: true, deleted };
    }
  });
}
