import "server-only";
import { desc, sql } from "drizzle-orm";
import type { Queryable } from "@/db";
import { auditLog } from "@/db/schema";
import { actorLabel, type Actor, type RequestMeta } from "@/lib/auth/actor";
import type { AuditAction, AuditEntityType } from "./actions";
import { entryHash, GENESIS_HASH, jsonSafe } from "./chain";

// Any fixed number: entries are chained one at a time across every process.
const CHAIN_LOCK = 7_413_002;

export interface AuditInput {
  /** One of lib/audit/actions.ts: a new action is added there, with its labels. */
  action: AuditAction;
  entityType: AuditEntityType;
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

/** Takes the chain lock (until the transaction ends) and returns the hash the next entry links to. */
async function lockChainHead(tx: Queryable): Promise<string> {
  const locked = (await tx.execute(
    sql`select pg_advisory_xact_lock(${CHAIN_LOCK}), current_setting('transaction_isolation') as isolation`,
  )) as unknown as { rows: { isolation: string }[] };
  // Under REPEATABLE READ or SERIALIZABLE the snapshot predates the lock: the last hash read below
  // could be stale and fork the chain.
  if (locked.rows[0]?.isolation !== "read committed") {
    throw new Error(`writeAudit needs a READ COMMITTED transaction, not ${locked.rows[0]?.isolation}`);
  }
  const [last] = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  return last?.hash ?? GENESIS_HASH;
}

function chained(who: Actor | AuditSubject, input: AuditInput, at: Date, prevHash: string) {
  const s = "kind" in who ? subjectOf(who) : who;
  const content = {
    at,
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
    prevHash,
  };
  return { ...content, hash: entryHash(content) };
}

/**
 * Appends one entry to the hash chain. Call it inside the transaction that makes the change, as
 * late as possible: the chain lock is held until that transaction ends. If this write fails, the
 * change is rolled back with it.
 */
export async function writeAudit(tx: Queryable, who: Actor | AuditSubject, input: AuditInput): Promise<void> {
  await tx.insert(auditLog).values(chained(who, input, new Date(), await lockChainHead(tx)));
}

/** An entry of something that happened before the console recorded it, at its own time. */
export interface HistoricalAuditEntry {
  at: Date;
  who: AuditSubject;
  input: AuditInput;
}

/**
 * Appends entries with their historical times, in the order given (the caller orders them by
 * time), chained like any other: only the demo seed uses it, for the story's control changes of
 * September 2020, which happened before the log's first live entry.
 */
export async function writeHistoricalAudit(tx: Queryable, entries: HistoricalAuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  let prev = await lockChainHead(tx);
  const rows = entries.map((e) => {
    const row = chained(e.who, e.input, e.at, prev);
    prev = row.hash;
    return row;
  });
  for (let i = 0; i < rows.length; i += 500) await tx.insert(auditLog).values(rows.slice(i, i + 500));
}

/** An entry that is the whole change (a failed sign-in, a denied access): its own transaction. */
export async function recordAudit(db: Queryable, who: Actor | AuditSubject, input: AuditInput): Promise<void> {
  await db.transaction((tx) => writeAudit(tx, who, input));
}
