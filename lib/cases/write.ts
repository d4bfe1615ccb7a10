import "server-only";
import { and, asc, eq, gt, sql } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import type { Queryable } from "@/db";
import { caseEvents, cases, type CaseEventKind } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import type { AuditAction } from "@/lib/audit/actions";
import { writeAudit } from "@/lib/audit/write";
import { StaleVersion } from "@/lib/errors";
import type { CaseRow } from "./find";

export interface CaseEventInput {
  kind: CaseEventKind;
  /** The previous and new values (`{ from, to }`), a note's text, a transaction's mark… */
  body?: Record<string, unknown>;
}

export interface CaseChange {
  /** Columns to set; version, last activity and updated-at are set here. */
  patch: Omit<PgUpdateSetSource<typeof cases>, "id" | "version" | "lastActivityAt" | "updatedAt">;
  /** The timeline entries this change makes (one at least). */
  events: CaseEventInput[];
  audit: { action: AuditAction; before?: unknown; after?: unknown };
  /**
   * Whether the change wakes a snoozed case (default yes: something new happened on it). A snooze
   * itself, and changes nobody needs to look at, pass false.
   */
  wakes?: boolean;
  /**
   * Whether the change makes a new version (default yes). An addition that changes none of the
   * case's own fields (evidence) passes false: it is on the timeline and wakes the case, but a
   * person's pending edit made on the version before it is not stale because of it. Its timeline
   * entries carry the current version.
   */
  bumpsVersion?: boolean;
}

/** The fields a stale writer is shown as they are now. */
export function caseState(row: CaseRow) {
  return {
    version: row.version,
    status: row.status,
    outcome: row.outcome,
    severity: row.severity,
    assigneeId: row.assigneeId,
    incidentId: row.incidentId,
    snoozedUntil: row.snoozedUntil?.toISOString() ?? null,
    dueAt: row.dueAt.toISOString(),
    lossYen: row.lossYen,
  };
}

/** The timeline entries made after `version`: what a stale writer missed. */
export async function changesSince(db: Queryable, caseId: string, version: number) {
  const rows = await db
    .select({ kind: caseEvents.kind, body: caseEvents.body, actorId: caseEvents.actorId, version: caseEvents.version, at: caseEvents.at })
    .from(caseEvents)
    .where(and(eq(caseEvents.caseId, caseId), gt(caseEvents.version, version)))
    .orderBy(asc(caseEvents.version), asc(caseEvents.at))
    .limit(100);
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}

/**
 * Refuses a write made on an older version of the case: 409 stale_version with the case as it is
 * and what changed since. `current` must have been read in this transaction, locked.
 */
export async function assertVersion(db: Queryable, current: CaseRow, expectedVersion: number | undefined): Promise<void> {
  if (expectedVersion === undefined || expectedVersion === current.version) return;
  throw new StaleVersion("case", expectedVersion, current.version, {
    current: caseState(current),
    changes: await changesSince(db, current.id, expectedVersion),
  });
}

/**
 * The one write path of a case: checks the version the writer read (when it gives one), sets the
 * patch, bumps the version and the last activity, appends the timeline entries (carrying the new
 * version) and the audit entry, all in the caller's transaction. `current` is the locked row.
 */
export async function changeCase(
  tx: Queryable,
  actor: Actor,
  current: CaseRow,
  expectedVersion: number | undefined,
  change: CaseChange,
  now: Date = new Date(),
): Promise<CaseRow> {
  await assertVersion(tx, current, expectedVersion);
  const wakes = change.wakes ?? true;
  const bumps = change.bumpsVersion ?? true;
  const [updated] = await tx
    .update(cases)
    .set({
      ...(wakes && current.snoozedUntil ? { snoozedUntil: null } : {}),
      ...change.patch,
      ...(bumps ? { version: sql`${cases.version} + 1` } : {}),
      lastActivityAt: now,
      updatedAt: now,
    })
    .where(and(eq(cases.id, current.id), eq(cases.version, current.version)))
    .returning();
  // The row is locked by the caller: a concurrent writer cannot have moved it. Guard anyway.
  if (!updated) throw new StaleVersion("case", current.version, current.version + (bumps ? 1 : 0), { current: caseState(current), changes: [] });
  const actorId = actor.kind === "staff" ? actor.userId : null;
  await tx.insert(caseEvents).values(
    change.events.map((e) => ({ caseId: current.id, kind: e.kind, body: e.body ?? {}, actorId, version: updated.version, at: now })),
  );
  await writeAudit(tx, actor, {
    action: change.audit.action,
    entityType: "case",
    entityId: current.id,
    bankId: current.bankId,
    before: change.audit.before,
    after: { reference: current.reference, ...(change.audit.after as Record<string, unknown> | undefined) },
  });
  return updated;
}

/**
 * A timeline entry of something that happens beside the case's own fields (a reimbursement proposed
 * or decided): it carries the case's current version and does not bump it (nobody's pending edit of
 * the case is stale because of it); the case's last activity moves. The caller holds the case's
 * lock and writes its own audit entry in the same transaction.
 */
export async function appendCaseEvent(tx: Queryable, actor: Actor, current: CaseRow, event: CaseEventInput, now: Date = new Date()): Promise<void> {
  await tx.update(cases).set({ lastActivityAt: now, updatedAt: now }).where(eq(cases.id, current.id));
  await tx.insert(caseEvents).values({ caseId: current.id, kind: event.kind, body: event.body ?? {}, actorId: actor.kind === "staff" ? actor.userId : null, version: current.version, at: now });
}
