import "server-only";
import { desc, sql } from "drizzle-orm";
import type { Queryable } from "@/db";
import { auditLog } from "@/db/schema";
import { actorLabel, type Actor, type RequestMeta } from "@/lib/auth/actor";
import { entryHash, GENESIS_HASH, jsonSafe } from "./chain";

// Any fixed number: entries are chained one at a time across every process.
const CHAIN_LOCK = 7_413_002;

export interface AuditInput {
  action: string;
  entityType: string;
  entityId?: string | null;
  bankId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Who did it, for entries with no signed-in actor (failed sign-ins, the seed). */
export interface AuditSubject {
  userId?: string | null;
  apiKeyId?: string | null;
  label: string;
  orgId?: string | null;
  request: RequestMeta;
}

export function subjectOf(actor: Actor): AuditSubject {
  return {
    userId: actor.kind === "staff" ? actor.userId : null,
    apiKeyId: actor.kind === "service" ? actor.apiKeyId : null,
    label: actorLabel(actor),
    orgId: actor.orgId,
    request: actor.request,
  };
}

/**
 * Appends one entry to the hash chain. Call it inside the transaction that makes the change, as
 * late as possible: the chain lock is held until that transaction ends. If this write fails, the
 * change is rolled back with it.
 */
export async function writeAudit(tx: Queryable, who: Actor | AuditSubject, input: AuditInput): Promise<void> {
  const s = "kind" in who ? subjectOf(who) : who;
  const locked = (await tx.execute(
    sql`select pg_advisory_xact_lock(${CHAIN_LOCK}), current_setting('transaction_isolation') as isolation`,
  )) as unknown as { rows: { isolation: string }[] };
  // Under REPEATABLE READ or SERIALIZABLE the snapshot predates the lock: the last hash read below
  // could be stale and fork the chain.
  if (locked.rows[0]?.isolation !== "read committed") {
    throw new Error(`writeAudit needs a READ COMMITTED transaction, not ${locked.rows[0]?.isolation}`);
  }
  const [last] = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  const content = {
    at: new Date(),
    actorUserId: s.userId ?? null,
    actorApiKeyId: s.apiKeyId ?? null,
    actorLabel: s.label,
    orgId: s.orgId ?? null,
    bankId: input.bankId ?? null,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId ?? null,
    before: jsonSafe(input.before),
    after: jsonSafe(input.after),
    requestId: s.request.requestId,
    ip: s.request.ip,
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  await tx.insert(auditLog).values({ ...content, hash: entryHash(content) });
}

/** An entry that is the whole change (a failed sign-in, a denied access): its own transaction. */
export async function recordAudit(db: Queryable, who: Actor | AuditSubject, input: AuditInput): Promise<void> {
  await db.transaction((tx) => writeAudit(tx, who, input));
}
