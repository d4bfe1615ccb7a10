import "server-only";
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Tx } from "@/db";
import type { Actor, StaffActor } from "@/lib/auth/actor";
import type { AuditAction, AuditEntityType } from "@/lib/audit/actions";
import { writeAudit, type AuditSubject } from "@/lib/audit/write";
import { AppError, Conflict, Forbidden } from "@/lib/errors";
import { isOpen, OPEN_APPROVAL_STATUSES, type ApprovalBlockBase, type ApprovalStatus } from "./states";

/**
 * The one maker-checker mechanism: request → revise → approve or reject by someone else → apply.
 * What is the same for every area lives here, written once: the states, the rule that nobody
 * decides their own request and an API key never decides, the conditional update on the expected
 * status and revision (two checkers at once: one wins, the other gets 409), revising voids an
 * earlier approval, and every step's audit entry in the same transaction. An area (controls'
 * loosenings, role grants, next reimbursements) plugs in what differs: how its rows are locked and
 * scoped, which role decides and from which organisation, what applying does.
 *
 * Each function here runs inside the caller's transaction, after the caller's own permission check
 * (so a caller without the role gets 403 before any row is looked up).
 */

/** The columns every table of requests has, under these property names. */
export type ApprovalTable = PgTable & {
  id: PgColumn;
  status: PgColumn;
  revision: PgColumn;
  decidedBy: PgColumn;
  decidedAt: PgColumn;
  decisionNote: PgColumn;
};

/** What the mechanism reads of a request row. */
export interface ApprovalRecord {
  id: string;
  /** One of ApprovalStatus, or an area's own statuses beyond them (a reimbursement's sent, paid). */
  status: string;
  revision: number;
  requestedBy: string | null;
  requestedByApiKey?: string | null;
  decidedBy: string | null;
}

/** A request locked for a decision, with whatever else the area locked with it. */
export interface Locked<R extends ApprovalRecord> {
  record: R;
}

export interface ApprovalArea<R extends ApprovalRecord, L extends Locked<R>, B extends string> {
  /** As messages name it: "control request", "role grant". */
  noun: string;
  table: ApprovalTable;
  /**
   * Locks what a decision depends on, in the area's lock order, and the request's row last; an id
   * outside the actor's scope (or no id at all) is NotFound.
   */
  lock(tx: Tx, actor: Actor, id: string): Promise<L>;
  /** Null when the actor's roles let them decide in this area (e.g. "not_manager"). */
  roleBlock(actor: StaffActor): B | null;
  /** The area's rule of who the second person is, once the common rules pass (e.g. "needs_carrier"). */
  checkerBlock(actor: StaffActor, locked: L): B | null;
  blockMessages: Record<ApprovalBlockBase | B, string>;
  /** The 403's machine code of some blocks (default `forbidden`). */
  blockCodes?: Partial<Record<B, string>>;
  /** Blocks answered 409 instead of 403 (the actor may decide, but not again: `already_approved`). */
  conflictBlocks?: readonly B[];
  /** The statuses in which the requester may still revise or cancel (default pending and approved). */
  openStatuses?: readonly string[];
  /** The status of a request approved and applied at once (default `applied`; a reimbursement: `approved`, to pay). */
  appliedStatus?: string;
  /**
   * Several approvals before the decision (a quorum): each approval is recorded by the area (one per
   * approver and revision), and the request moves on only when `record` says the quorum is complete.
   * Until then the request stays pending (still checked on its status and revision) and the
   * approval's audit entry is `partlyApproved`. Without it, one approval decides.
   */
  quorum?: {
    record(tx: Tx, actor: StaffActor, locked: L, input: { revision: number; note?: string | null }): Promise<{ complete: boolean }>;
    partlyApproved: AuditAction;
  };
  /** At approval, before anything changes: throws (Conflict) when applying no longer makes sense. */
  stillApplies?(locked: L): void;
  /** False: the approval waits for its time ('approved'), applied later by applyApproved. Default: due now. */
  dueAtApproval?(locked: L): boolean;
  /**
   * What applying does, with its own audit entry; the request is already marked applied. `by` is
   * the approver, or the scheduler for a request applied at its time.
   */
  apply(tx: Tx, locked: L, by: { actor: Actor | AuditSubject; approvedBy: string | null }): Promise<void>;
  audit: {
    entityType: AuditEntityType;
    bankId(locked: L): string | null;
    actions: { requested: AuditAction; revised: AuditAction; cancelled: AuditAction; approved: AuditAction; rejected: AuditAction };
    /** What the audit log keeps of a request. */
    view(record: R): Record<string, unknown>;
  };
  /** The requester's messages when someone else tries to revise or cancel. */
  onlyRequester: { revise: string; cancel: string };
}

/**
 * Why the actor may not decide a request, or null: an API key never decides, the area's role rule,
 * nobody decides their own request (administrators included), only a pending request is decided,
 * then the area's rule of who the second person is. The same answer drives the views' canApprove.
 */
export function decisionBlock<B extends string>(
  actor: Actor,
  record: { status: string; requestedBy: string | null },
  rules: { roleBlock(actor: StaffActor): B | null; checkerBlock(actor: StaffActor): B | null },
): ApprovalBlockBase | B | null {
  if (actor.kind !== "staff") return "api_key";
  const role = rules.roleBlock(actor);
  if (role) return role;
  if (record.requestedBy !== null && record.requestedBy === actor.userId) return "own_request";
  if (record.status !== "pending") return "not_pending";
  return rules.checkerBlock(actor);
}

/** The requester (the same person, or the same API key) revises and cancels their request. */
export function isRequester(actor: Actor, record: { requestedBy: string | null; requestedByApiKey?: string | null }): boolean {
  return actor.kind === "staff" ? record.requestedBy === actor.userId : (record.requestedByApiKey ?? null) === actor.apiKeyId;
}

/** Who asked, as a request row stores it. */
export function requesterOf(actor: Actor): { requestedBy: string | null; requestedByApiKey: string | null } {
  return { requestedBy: actor.kind === "staff" ? actor.userId : null, requestedByApiKey: actor.kind === "service" ? actor.apiKeyId : null };
}

type Area<R extends ApprovalRecord, L extends Locked<R>, B extends string> = ApprovalArea<R, L, B>;

/** Whether the requester may still revise or cancel a request in this status, in this area. */
function isOpenIn(area: { openStatuses?: readonly string[] }, status: string): boolean {
  return area.openStatuses ? area.openStatuses.includes(status) : isOpen(status as ApprovalStatus);
}

function staleRevision(noun: string, current: number, reviewed: boolean): Conflict {
  return new Conflict(
    reviewed ? `The ${noun} was edited after you reviewed it (now revision ${current}): review it again.` : `The ${noun} changed since you read it (revision ${current}).`,
    { revision: { code: "stale_revision", params: { current } } },
  );
}

/** Refuses a decision the actor may not make (403); the request must be pending (409). */
function assertMayDecide<R extends ApprovalRecord, L extends Locked<R>, B extends string>(area: Area<R, L, B>, actor: Actor, locked: L): asserts actor is StaffActor {
  const block = decisionBlock(actor, locked.record, { roleBlock: area.roleBlock, checkerBlock: (a) => area.checkerBlock(a, locked) });
  if (block && block !== "not_pending") {
    const conflict = (area.conflictBlocks as readonly string[] | undefined)?.includes(block) ?? false;
    throw new AppError(conflict ? 409 : 403, area.blockCodes?.[block as B] ?? (conflict ? block : "forbidden"), area.blockMessages[block]);
  }
  if (actor.kind !== "staff") throw new Forbidden(area.blockMessages.api_key);
  if (locked.record.status !== "pending") throw new Conflict(`The ${area.noun} is ${locked.record.status}: it is not waiting for a decision.`);
}

/**
 * Moves a request from `from` (at `revision`, if given) to `to`, or throws 409: whoever changed
 * it first (another checker, the requester's revision, a cancellation) wins.
 */
async function transition(tx: Tx, area: { table: ApprovalTable; noun: string }, id: string, from: readonly string[], revision: number | undefined, set: Record<string, unknown>): Promise<void> {
  const t = area.table;
  const conditions: SQL[] = [eq(t.id, id), sql`${t.status} in (${sql.join(from.map((s) => sql`${s}`), sql`, `)})`];
  if (revision !== undefined) conditions.push(eq(t.revision, revision));
  const rows = await tx
    .update(t)
    .set(set as never)
    .where(and(...conditions))
    .returning({ id: t.id });
  if (rows.length === 0) throw new Conflict(`The ${area.noun} was decided or edited meanwhile: review it again.`);
}

/** Records a new request's audit entry (the area inserted its row in the same transaction). */
export async function auditRequested<R extends ApprovalRecord, L extends Locked<R>, B extends string>(
  tx: Tx,
  area: Area<R, L, B>,
  actor: Actor,
  record: R,
  bankId: string | null,
  extra: Record<string, unknown> = {},
): Promise<void> {
  await writeAudit(tx, actor, { action: area.audit.actions.requested, entityType: area.audit.entityType, entityId: record.id, bankId, after: { ...area.audit.view(record), ...extra } });
}

/**
 * A second person approves the revision they reviewed. Due now: marked applied and applied in this
 * transaction; otherwise 'approved' until applyApproved applies it.
 */
export async function approve<R extends ApprovalRecord, L extends Locked<R>, B extends string>(
  tx: Tx,
  area: Area<R, L, B>,
  actor: Actor,
  id: string,
  input: { revision: number; note?: string | null },
): Promise<L> {
  const locked = await area.lock(tx, actor, id);
  assertMayDecide(area, actor, locked);
  const r = locked.record;
  if (r.revision !== input.revision) throw staleRevision(area.noun, r.revision, true);
  area.stillApplies?.(locked);
  if (area.quorum) {
    // The request is checked on its status and revision even when this approval does not decide it.
    await transition(tx, area, r.id, ["pending"], input.revision, { status: "pending" });
    const { complete } = await area.quorum.record(tx, actor, locked, input);
    if (!complete) {
      await writeAudit(tx, actor, {
        action: area.quorum.partlyApproved,
        entityType: area.audit.entityType,
        entityId: r.id,
        bankId: area.audit.bankId(locked),
        before: { status: "pending", revision: r.revision },
        after: { ...area.audit.view(r), note: input.note ?? null },
      });
      return locked;
    }
  }
  const due = area.dueAtApproval?.(locked) ?? true;
  await transition(tx, area, r.id, ["pending"], input.revision, { status: due ? (area.appliedStatus ?? "applied") : "approved", decidedBy: actor.userId, decidedAt: sql`now()`, decisionNote: input.note || null });
  if (due) {
    await area.apply(tx, locked, { actor, approvedBy: actor.userId });
  } else {
    await writeAudit(tx, actor, {
      action: area.audit.actions.approved,
      entityType: area.audit.entityType,
      entityId: r.id,
      bankId: area.audit.bankId(locked),
      before: { status: "pending" },
      after: { ...area.audit.view(r), status: "approved", note: input.note ?? null },
    });
  }
  return locked;
}

/** A second person rejects it; nothing of the request is applied. A revision, if given, must be the current one. */
export async function reject<R extends ApprovalRecord, L extends Locked<R>, B extends string>(
  tx: Tx,
  area: Area<R, L, B>,
  actor: Actor,
  id: string,
  input: { revision?: number; note?: string | null },
): Promise<L> {
  const locked = await area.lock(tx, actor, id);
  assertMayDecide(area, actor, locked);
  const r = locked.record;
  if (input.revision !== undefined && input.revision !== r.revision) throw staleRevision(area.noun, r.revision, true);
  await transition(tx, area, r.id, ["pending"], r.revision, { status: "rejected", decidedBy: actor.userId, decidedAt: sql`now()`, decisionNote: input.note || null });
  await writeAudit(tx, actor, {
    action: area.audit.actions.rejected,
    entityType: area.audit.entityType,
    entityId: r.id,
    bankId: area.audit.bankId(locked),
    before: { status: "pending", revision: r.revision },
    after: { status: "rejected", note: input.note ?? null },
  });
  return locked;
}

/** The requester withdraws an open request. */
export async function cancel<R extends ApprovalRecord, L extends Locked<R>, B extends string>(
  tx: Tx,
  area: Area<R, L, B>,
  actor: Actor,
  id: string,
  input: { note?: string | null },
): Promise<L> {
  const locked = await area.lock(tx, actor, id);
  const r = locked.record;
  if (!isRequester(actor, r)) throw new Forbidden(area.onlyRequester.cancel);
  if (!isOpenIn(area, r.status)) throw new Conflict(`The ${area.noun} is ${r.status}: it can no longer change.`);
  await transition(tx, area, r.id, area.openStatuses ?? OPEN_APPROVAL_STATUSES, r.revision, {
    status: "cancelled",
    decidedAt: sql`now()`,
    decidedBy: actor.kind === "staff" ? actor.userId : null,
    decisionNote: input.note || null,
  });
  await writeAudit(tx, actor, {
    action: area.audit.actions.cancelled,
    entityType: area.audit.entityType,
    entityId: r.id,
    bankId: area.audit.bankId(locked),
    before: area.audit.view(r),
    after: { status: "cancelled", note: input.note ?? null },
  });
  return locked;
}

/**
 * The requester changes an open request at the revision they read: the revision goes up, the
 * request is pending again and any approval is void. `change` checks the new content against the
 * locked state and returns the area's columns to write.
 */
export async function revise<R extends ApprovalRecord, L extends Locked<R>, B extends string>(
  tx: Tx,
  area: Area<R, L, B>,
  actor: Actor,
  id: string,
  revision: number,
  change: (locked: L) => Record<string, unknown> | Promise<Record<string, unknown>>,
): Promise<{ locked: L; revised: R }> {
  const locked = await area.lock(tx, actor, id);
  const r = locked.record;
  if (!isRequester(actor, r)) throw new Forbidden(area.onlyRequester.revise);
  if (!isOpenIn(area, r.status)) throw new Conflict(`The ${area.noun} is ${r.status}: it can no longer change.`);
  if (r.revision !== revision) throw staleRevision(area.noun, r.revision, false);
  const values = await change(locked);
  const t = area.table;
  const [revised] = (await tx
    .update(t)
    .set({ ...values, revision: sql`${t.revision} + 1`, status: "pending", decidedBy: null, decidedAt: null, decisionNote: null } as never)
    .where(and(eq(t.id, r.id), eq(t.revision, revision)))
    .returning()) as unknown as R[];
  if (!revised) throw staleRevision(area.noun, r.revision + 1, false);
  await writeAudit(tx, actor, {
    action: area.audit.actions.revised,
    entityType: area.audit.entityType,
    entityId: r.id,
    bankId: area.audit.bankId(locked),
    before: area.audit.view(r),
    after: { ...area.audit.view(revised), voidedApproval: r.status === "approved" },
  });
  return { locked, revised };
}

/**
 * Applies an approved request whose time has come (the scheduler), or returns null when another
 * process did first or `due` no longer holds. The area's apply writes the audit entry under `by`.
 */
export async function applyApproved<R extends ApprovalRecord, L extends Locked<R>, B extends string>(
  tx: Tx,
  area: Area<R, L, B>,
  locked: L,
  by: AuditSubject,
  due?: SQL,
): Promise<L | null> {
  const t = area.table;
  const rows = await tx
    .update(t)
    .set({ status: "applied" } as never)
    .where(and(eq(t.id, locked.record.id), eq(t.status, "approved"), due))
    .returning({ id: t.id });
  if (rows.length === 0) return null;
  await area.apply(tx, locked, { actor: by, approvedBy: locked.record.decidedBy });
  return locked;
}
