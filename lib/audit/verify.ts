import "server-only";
import { asc, gt, sql } from "drizzle-orm";
import type { Queryable } from "@/db";
import { auditLog } from "@/db/schema";
import { entryHash, GENESIS_HASH } from "./chain";

/**
 * Why an entry fails verification:
 * - content_changed: the entry's stored hash is not the hash of its stored content (the entry was
 *   edited after it was written, its hash left as it was).
 * - link_broken: the entry's prev_hash is not the hash of the entry before it. The entry before it
 *   is missing (deleted) or was changed together with its hash. The break is seen at this entry.
 */
export type BreakReason = "content_changed" | "link_broken";

export interface ChainBreak {
  /** The entry at which the break is seen. */
  seq: number;
  reason: BreakReason;
  /** The seq of the last entry that verified (null: the break is at the first entry). */
  previousSeq: number | null;
  /** What the entry should carry (link_broken: the previous hash; content_changed: the recomputed hash). */
  expected: string;
  /** What it carries. */
  found: string;
}

export interface VerifyResult {
  ok: boolean;
  /** Entries read, including the broken one if any. */
  checked: number;
  firstBroken?: ChainBreak;
  /**
   * The newest entry verified. Removing entries from the end of the chain leaves no break inside
   * it: record the head somewhere else (a report, a ticket) to detect that later.
   */
  head: { seq: number; hash: string } | null;
  ms: number;
}

export interface VerifyOptions {
  onProgress?: (p: { checked: number; lastSeq: number }) => void;
  /** Rows per query (keyset by seq). */
  pageSize?: number;
}

export const VERIFY_PAGE_SIZE = 5_000;
const YIELD_EVERY = 500;

/** jsonb read as text and parsed here: the column mapper would parse a JSON string value a second time. */
function parseJsonText(text: string | null): unknown {
  return text === null ? null : JSON.parse(text);
}

/**
 * Walks the whole chain in seq order, a page at a time, recomputing each entry's hash from its
 * stored content and checking that it names its predecessor's hash. Stops at the first break.
 * Memory stays at one page whatever the length of the chain.
 */
export async function verifyChain(db: Queryable, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const started = performance.now();
  const pageSize = opts.pageSize ?? VERIFY_PAGE_SIZE;
  let expectedPrev = GENESIS_HASH;
  let lastSeq: number | null = null;
  let checked = 0;
  const done = (firstBroken?: ChainBreak): VerifyResult => ({
    ok: !firstBroken,
    checked,
    ...(firstBroken ? { firstBroken } : {}),
    head: lastSeq === null ? null : { seq: lastSeq, hash: expectedPrev },
    ms: Math.round(performance.now() - started),
  });

  const page = (afterSeq: number | null) =>
    db
      .select({
        seq: auditLog.seq,
        at: auditLog.at,
        actorUserId: auditLog.actorUserId,
        actorApiKeyId: auditLog.actorApiKeyId,
        actorLabel: auditLog.actorLabel,
        orgId: auditLog.orgId,
        bankId: auditLog.bankId,
        action: auditLog.action,
        entityType: auditLog.entityType,
        entityId: auditLog.entityId,
        before: sql<string | null>`${auditLog.before}::text`,
        after: sql<string | null>`${auditLog.after}::text`,
        requestId: auditLog.requestId,
        ip: auditLog.ip,
        prevHash: auditLog.prevHash,
        hash: auditLog.hash,
      })
      .from(auditLog)
      .where(afterSeq === null ? undefined : gt(auditLog.seq, afterSeq))
      .orderBy(asc(auditLog.seq))
      .limit(pageSize)
      .then((rows) => rows);

  let next: Promise<Awaited<ReturnType<typeof page>>> | null = page(null);
  while (next) {
    const rows: Awaited<ReturnType<typeof page>> = await next;
    // Read the next page while this one is hashed (hashing is most of the time).
    next = rows.length === pageSize ? page(rows.at(-1)!.seq) : null;
    next?.catch(() => undefined);
    for (const row of rows) {
      checked++;
      // Let the server answer other requests between slices of hashing.
      if (checked % YIELD_EVERY === 0) await new Promise((r) => setImmediate(r));
      const brokenAt = (reason: BreakReason, expected: string, found: string): ChainBreak => ({
        seq: row.seq,
        reason,
        previousSeq: lastSeq,
        expected,
        found,
      });
      let broken: ChainBreak | undefined;
      if (row.prevHash !== expectedPrev) broken = brokenAt("link_broken", expectedPrev, row.prevHash);
      else {
        const recomputed = entryHash({ ...row, before: parseJsonText(row.before), after: parseJsonText(row.after) });
        if (recomputed !== row.hash) broken = brokenAt("content_changed", recomputed, row.hash);
      }
      if (broken) {
        // No query left running once this returns (the caller may close the database).
        await next?.catch(() => undefined);
        return done(broken);
      }
      expectedPrev = row.hash;
      lastSeq = row.seq;
    }
    if (rows.length && lastSeq !== null) opts.onProgress?.({ checked, lastSeq });
  }
  return done();
}
