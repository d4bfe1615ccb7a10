import "server-only";
import { and, eq, ne, sql } from "drizzle-orm";
import { getDb, type Queryable } from "@/db";
import { cases, caseTransactions, incidents, linkedAccounts, organisations, transactions, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan, can } from "@/lib/auth/policy";
import { AppError, NotFound, fieldError } from "@/lib/errors";
import { isUuid } from "@/lib/http/cursor";
import { CASE_REFUSALS, NOTE_MAX, REASON_MIN, SNOOZE_MAX_DAYS, canTransition, type CaseOutcome, type CaseSeverity, type CaseStatus } from "./constants";
import { findCase, type CaseRow } from "./find";
import { dueFrom, slaHours } from "./sla";
import { assertVersion, caseState, changeCase } from "./write";

/**
 * The workflow of one case: status and outcome (and reopening), assignment, severity, snooze,
 * incident, notes and transaction marks. Each operation takes the actor, the case's id or
 * reference and its input with the version the person read, and runs in one transaction: the case
 * locked (findCase), the rule checked, then the one write path (changeCase: version check → 409
 * stale_version, timeline entry, audit entry).
 *
 * Every refusal is a typed error whose `code` is a machine code (CASE_REFUSALS, or not_found,
 * forbidden, stale_version): the routes answer it as problem+json, the bulk actions report it per
 * case (`refusalOf`). The `…In(tx, …)` forms run in a transaction the caller holds (a bulk action
 * runs each case in its own); the plain forms open their own.
 */

export interface StatusInput {
  status: CaseStatus;
  /** Required when closing, refused otherwise. */
  outcome?: CaseOutcome | null;
  /** Required when reopening a closed case; kept on the timeline for any change. */
  reason?: string | null;
  version?: number;
}
export interface AssignInput {
  /** Null unassigns. */
  assigneeId: string | null;
  /** Required when the case is someone else's. */
  reason?: string | null;
  version?: number;
}
export interface SeverityInput {
  severity: CaseSeverity;
  reason?: string | null;
  version?: number;
}
export interface SnoozeInput {
  /** Until when; null wakes the case now. */
  until: Date | string | null;
  version?: number;
}
export interface IncidentInput {
  /** The incident's id or reference (INC-2020-001); null detaches. */
  incidentId: string | null;
  version?: number;
}
export interface NoteInput {
  /** Markdown, rendered without raw HTML. */
  text: string;
  version?: number;
}
export interface MarkInput {
  transactionId: string;
  fraudulent: boolean;
  version?: number;
}

/** What every write answers: the case's workflow fields after it (the new version first). */
export interface CaseWriteResult {
  id: string;
  reference: string;
  version: number;
  status: CaseStatus;
  outcome: CaseOutcome | null;
  severity: CaseSeverity;
  assigneeId: string | null;
  incidentId: string | null;
  snoozedUntil: string | null;
  dueAt: string;
  closedAt: string | null;
  lossYen: number;
  confirmedLossYen: number;
  reimbursedYen: number;
}

export function writeResult(row: CaseRow): CaseWriteResult {
  return {
    id: row.id,
    reference: row.reference,
    ...caseState(row),
    closedAt: row.closedAt?.toISOString() ?? null,
    confirmedLossYen: row.confirmedLossYen,
    reimbursedYen: row.reimbursedYen,
  };
}

/** A refusal of the workflow: 409 for the case's state, 422 naming the field for the input. */
function refuse(status: 409 | 422, code: string, message: string, field?: string, params?: Record<string, string | number>): AppError {
  return new AppError(status, code, message, field ? { [field]: fieldError(code, params) } : undefined, params);
}

/**
 * Why one case of a bulk action was not done: the refusal's machine code (and params), or null
 * for an error that is not a refusal (a bug, the database gone), which the caller rethrows.
 */
export function refusalOf(e: unknown): { status: number; code: string; params?: Record<string, string | number> } | null {
  if (!(e instanceof AppError) || e.status >= 500) return null;
  return { status: e.status, code: e.code, ...(e.params ? { params: e.params } : {}) };
}

function cleanReason(reason: string | null | undefined): string | null {
  const r = reason?.trim() ?? "";
  return r.length ? r : null;
}

/**
 * The case locked for the write, refused at once when the person read an older version: they are
 * shown what changed (409 stale_version) before any rule of the operation is judged on a case
 * they have not seen.
 */
async function lockedCase(tx: Queryable, actor: Actor, caseIdOrRef: string, version: number | undefined): Promise<CaseRow> {
  const row = await findCase(tx, actor, caseIdOrRef, { lock: true });
  await assertVersion(tx, row, version);
  return row;
}

function assertOpen(row: CaseRow): void {
  if (row.status === "closed") throw refuse(409, CASE_REFUSALS.caseClosed, "The case is closed: reopen it first.");
}

function anotherCaseOpen(reference: string | null): AppError {
  return refuse(409, CASE_REFUSALS.anotherCaseOpen, "Another case of this link is open: work in that one.", undefined, reference ? { reference } : undefined);
}

/** A unique violation of the named index (the driver's error, or drizzle's wrapping it as `cause`). */
function violates(e: unknown, constraint: string): boolean {
  for (let c = e as { code?: string; constraint?: string; cause?: unknown } | undefined, depth = 0; c && depth < 3; c = c.cause as typeof c, depth++) {
    if (c.code === "23505" && (c.constraint === constraint || String((c as Error).message ?? "").includes(constraint))) return true;
  }
  return false;
}

function unchanged(what: string): AppError {
  return refuse(409, CASE_REFUSALS.unchanged, `The case's ${what} is already that.`);
}

// ---- status, outcome, reopening ----------------------------------------------------------------

export async function changeStatusIn(tx: Queryable, actor: Actor, caseIdOrRef: string, input: StatusInput, now = new Date()): Promise<CaseWriteResult> {
  assertCan(actor, "cases.work");
  const row = await lockedCase(tx, actor, caseIdOrRef, input.version);
  const from = row.status;
  const to = input.status;
  const reason = cleanReason(input.reason);
  const outcome = input.outcome ?? null;
  if (!canTransition(from, to)) throw refuse(409, CASE_REFUSALS.illegalTransition, `A case cannot go from ${from} to ${to}.`, undefined, { from, to });
  if (to === "closed" && !outcome) throw refuse(422, CASE_REFUSALS.outcomeRequired, "Closing a case needs an outcome.", "outcome");
  if (to !== "closed" && outcome) throw refuse(422, CASE_REFUSALS.outcomeNotClosing, "An outcome is given only when closing.", "outcome");
  if (from === "closed" && (!reason || reason.length < REASON_MIN)) {
    throw refuse(422, CASE_REFUSALS.reopenReasonRequired, "Reopening a closed case needs a reason.", "reason", { minimum: REASON_MIN });
  }

  if (to === "closed") {
    let confirmed = 0;
    if (outcome === "confirmed_fraud") {
      const [marked] = await tx
        .select({ n: sql<number>`count(*)::int`, yen: sql<string>`coalesce(sum(${transactions.amountYen}), 0)::bigint::text` })
        .from(caseTransactions)
        .innerJoin(transactions, eq(transactions.id, caseTransactions.transactionId))
        .where(and(eq(caseTransactions.caseId, row.id), eq(caseTransactions.fraudulent, true)));
      if (!marked || Number(marked.n) === 0) {
        throw refuse(409, CASE_REFUSALS.noFraudulentTransactions, "Closing as confirmed fraud needs at least one transaction marked fraudulent.");
      }
      confirmed = Number(marked.yen);
    }
    if (confirmed < row.reimbursedYen) {
      throw refuse(409, CASE_REFUSALS.reimbursedOverConfirmed, "The confirmed loss would be less than what was already reimbursed.", undefined, { reimbursedYen: row.reimbursedYen });
    }
    const updated = await changeCase(tx, actor, row, input.version, {
      patch: { status: "closed", outcome, closedAt: now, confirmedLossYen: confirmed, lossYen: outcome === "confirmed_fraud" ? confirmed : row.lossYen, snoozedUntil: null },
      events: [
        { kind: "status_changed", body: { from, to, ...(reason ? { reason } : {}) } },
        { kind: "outcome_set", body: { from: null, to: outcome, confirmedLossYen: confirmed } },
      ],
      audit: { action: "case.status_changed", before: { status: from, outcome: null }, after: { status: to, outcome, confirmedLossYen: confirmed, ...(reason ? { reason } : {}) } },
    }, now);
    return writeResult(updated);
  }

  if (from === "closed") {
    // One open case per link (cases_one_open_per_link): while another case of the link is open,
    // this one stays closed and the work goes on in that one.
    const [other] = await tx
      .select({ reference: cases.reference })
      .from(cases)
      .where(and(eq(cases.linkedAccountId, row.linkedAccountId), ne(cases.status, "closed"), ne(cases.id, row.id)))
      .limit(1);
    if (other) throw anotherCaseOpen(other.reference);
    try {
      const updated = await changeCase(tx, actor, row, input.version, {
        patch: { status: to, outcome: null, closedAt: null },
        events: [{ kind: "reopened", body: { from, to, outcome: row.outcome, reason } }],
        audit: { action: "case.reopened", before: { status: from, outcome: row.outcome }, after: { status: to, outcome: null, reason } },
      }, now);
      return writeResult(updated);
    } catch (e) {
      // A case of the link opened after the check above (a rule, another person) wins the index.
      if (violates(e, "cases_one_open_per_link")) throw anotherCaseOpen(null);
      throw e;
    }
  }

  const updated = await changeCase(tx, actor, row, input.version, {
    patch: { status: to },
    events: [{ kind: "status_changed", body: { from, to, ...(reason ? { reason } : {}) } }],
    audit: { action: "case.status_changed", before: { status: from }, after: { status: to, ...(reason ? { reason } : {}) } },
  }, now);
  return writeResult(updated);
}

// ---- assignment --------------------------------------------------------------------------------

/** Whether the person may be given the case: an active investigator of the carrier or of the case's bank. */
async function isEligibleAssignee(tx: Queryable, userId: string, bankId: string): Promise<boolean> {
  if (!isUuid(userId)) return false;
  const [u] = await tx
    .select({ id: users.id })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.orgId))
    .where(
      and(
        eq(users.id, userId),
        eq(users.status, "active"),
        sql`'investigator' = any(${users.roles})`,
        sql`(${organisations.kind} = 'carrier' or ${organisations.id} = ${bankId})`,
      ),
    )
    .limit(1);
  return Boolean(u);
}

export async function assignCaseIn(tx: Queryable, actor: Actor, caseIdOrRef: string, input: AssignInput, now = new Date()): Promise<CaseWriteResult> {
  assertCan(actor, "cases.work");
  const row = await lockedCase(tx, actor, caseIdOrRef, input.version);
  assertOpen(row);
  const to = input.assigneeId ? input.assigneeId.toLowerCase() : null;
  const from = row.assigneeId;
  const reason = cleanReason(input.reason);
  if (to === from) throw unchanged("assignee");
  if (to && !(await isEligibleAssignee(tx, to, row.bankId))) {
    throw refuse(422, CASE_REFUSALS.assigneeNotEligible, "Assign the case to an active investigator who may see its bank.", "assigneeId");
  }
  // Taking a case from someone (or putting it back unassigned) is said out loud.
  if (from && from !== actor.userId && (!reason || reason.length < REASON_MIN)) {
    throw refuse(422, CASE_REFUSALS.reassignReasonRequired, "Reassigning someone else's case needs a reason.", "reason", { minimum: REASON_MIN });
  }
  const updated = await changeCase(tx, actor, row, input.version, {
    patch: { assigneeId: to },
    events: [{ kind: "assigned", body: { from, to, ...(reason ? { reason } : {}) } }],
    audit: { action: "case.assigned", before: { assigneeId: from }, after: { assigneeId: to, ...(reason ? { reason } : {}) } },
  }, now);
  return writeResult(updated);
}

// ---- severity ----------------------------------------------------------------------------------

export async function changeSeverityIn(tx: Queryable, actor: Actor, caseIdOrRef: string, input: SeverityInput, now = new Date()): Promise<CaseWriteResult> {
  assertCan(actor, "cases.work");
  const row = await lockedCase(tx, actor, caseIdOrRef, input.version);
  assertOpen(row);
  const from = row.severity;
  const to = input.severity;
  if (from === to) throw unchanged("severity");
  const hours = await slaHours(tx);
  const dueAt = dueFrom(row.openedAt, hours[to]);
  const reason = cleanReason(input.reason);
  const updated = await changeCase(tx, actor, row, input.version, {
    patch: { severity: to, dueAt },
    events: [{ kind: "severity_changed", body: { from, to, dueFrom: row.dueAt.toISOString(), dueTo: dueAt.toISOString(), ...(reason ? { reason } : {}) } }],
    audit: { action: "case.severity_changed", before: { severity: from, dueAt: row.dueAt.toISOString() }, after: { severity: to, dueAt: dueAt.toISOString() } },
  }, now);
  return writeResult(updated);
}

// ---- snooze ------------------------------------------------------------------------------------

export async function snoozeCaseIn(tx: Queryable, actor: Actor, caseIdOrRef: string, input: SnoozeInput, now = new Date()): Promise<CaseWriteResult> {
  assertCan(actor, "cases.work");
  const row = await lockedCase(tx, actor, caseIdOrRef, input.version);
  assertOpen(row);
  const current = row.snoozedUntil && row.snoozedUntil > now ? row.snoozedUntil : null;
  if (input.until === null) {
    if (!current) throw refuse(409, CASE_REFUSALS.notSnoozed, "The case is not snoozed.");
    const updated = await changeCase(tx, actor, row, input.version, {
      patch: { snoozedUntil: null },
      events: [{ kind: "unsnoozed", body: { from: current.toISOString() } }],
      audit: { action: "case.unsnoozed", before: { snoozedUntil: current.toISOString() }, after: { snoozedUntil: null } },
      wakes: false,
    }, now);
    return writeResult(updated);
  }
  const until = input.until instanceof Date ? input.until : new Date(input.until);
  if (Number.isNaN(until.getTime()) || until <= now) throw refuse(422, CASE_REFUSALS.snoozePast, "Snooze until a moment in the future.", "until");
  if (until.getTime() > now.getTime() + SNOOZE_MAX_DAYS * 86_400_000) {
    throw refuse(422, CASE_REFUSALS.snoozeTooFar, `Snooze for at most ${SNOOZE_MAX_DAYS} days.`, "until", { maximum: SNOOZE_MAX_DAYS });
  }
  const updated = await changeCase(tx, actor, row, input.version, {
    patch: { snoozedUntil: until },
    events: [{ kind: "snoozed", body: { from: current?.toISOString() ?? null, to: until.toISOString() } }],
    audit: { action: "case.snoozed", before: { snoozedUntil: current?.toISOString() ?? null }, after: { snoozedUntil: until.toISOString() } },
    wakes: false,
  }, now);
  return writeResult(updated);
}

// ---- incident ----------------------------------------------------------------------------------

async function findIncident(tx: Queryable, idOrReference: string): Promise<{ id: string; reference: string } | null> {
  const key = isUuid(idOrReference) ? eq(incidents.id, idOrReference.toLowerCase()) : eq(incidents.reference, idOrReference.toUpperCase());
  const [row] = await tx.select({ id: incidents.id, reference: incidents.reference }).from(incidents).where(key).limit(1);
  return row ?? null;
}

export async function attachIncidentIn(tx: Queryable, actor: Actor, caseIdOrRef: string, input: IncidentInput, now = new Date()): Promise<CaseWriteResult> {
  // Investigators work cases; the carrier's incident managers also group them (POST /api/v1/incidents/{id}/cases).
  if (!(can(actor, "incidents.manage") && actor.kind === "staff" && actor.bankId === null)) assertCan(actor, "cases.work");
  const row = await lockedCase(tx, actor, caseIdOrRef, input.version);
  const incident = input.incidentId === null ? null : await findIncident(tx, input.incidentId);
  if (input.incidentId !== null && !incident) throw refuse(422, CASE_REFUSALS.unknownIncident, "No such incident.", "incidentId");
  const to = incident?.id ?? null;
  if (to === row.incidentId) throw unchanged("incident");
  const before = row.incidentId ? await findIncident(tx, row.incidentId) : null;
  const updated = await changeCase(tx, actor, row, input.version, {
    patch: { incidentId: to },
    events: [{ kind: "incident_attached", body: { from: before?.reference ?? null, to: incident?.reference ?? null, fromId: row.incidentId, toId: to } }],
    audit: { action: "case.incident_attached", before: { incident: before?.reference ?? null }, after: { incident: incident?.reference ?? null } },
  }, now);
  return writeResult(updated);
}

// ---- notes -------------------------------------------------------------------------------------

export async function addNoteIn(tx: Queryable, actor: Actor, caseIdOrRef: string, input: NoteInput, now = new Date()): Promise<CaseWriteResult> {
  assertCan(actor, "cases.note");
  const row = await lockedCase(tx, actor, caseIdOrRef, input.version);
  const text = input.text.trim();
  if (!text) throw new AppError(422, "invalid", "A note needs text.", { text: fieldError("too_small", { minimum: 1, origin: "string" }) });
  if (text.length > NOTE_MAX) throw new AppError(422, "invalid", "The note is too long.", { text: fieldError("too_big", { maximum: NOTE_MAX, origin: "string" }) });
  const updated = await changeCase(tx, actor, row, input.version, {
    patch: {},
    events: [{ kind: "note", body: { text } }],
    audit: { action: "case.note_added", after: { length: text.length } },
  }, now);
  return writeResult(updated);
}

// ---- transaction marks -------------------------------------------------------------------------

/**
 * The transaction if the case may mark it: one of the case's link, or of another link of the same
 * wallet at a bank the actor may see. Anything else is "not found".
 */
async function markableTransaction(tx: Queryable, actor: Actor, row: CaseRow, transactionId: string): Promise<{ id: string; amountYen: number; kind: string }> {
  if (!isUuid(transactionId)) throw new NotFound("transaction");
  const caseLink = tx.select({ walletId: linkedAccounts.walletId }).from(linkedAccounts).where(eq(linkedAccounts.id, row.linkedAccountId));
  const [t] = await tx
    .select({ id: transactions.id, amountYen: transactions.amountYen, kind: transactions.kind })
    .from(transactions)
    .innerJoin(linkedAccounts, eq(linkedAccounts.id, transactions.linkedAccountId))
    .where(
      and(
        eq(transactions.id, transactionId.toLowerCase()),
        sql`${linkedAccounts.walletId} = (${caseLink})`,
        actor.bankId === null ? undefined : eq(linkedAccounts.bankId, actor.bankId),
      ),
    )
    .limit(1);
  if (!t) throw new NotFound("transaction");
  return t;
}

export async function markTransactionIn(tx: Queryable, actor: Actor, caseIdOrRef: string, input: MarkInput, now = new Date()): Promise<CaseWriteResult> {
  assertCan(actor, "cases.work");
  const row = await lockedCase(tx, actor, caseIdOrRef, input.version);
  const t = await markableTransaction(tx, actor, row, input.transactionId);
  assertOpen(row);
  const [existing] = await tx
    .select({ fraudulent: caseTransactions.fraudulent })
    .from(caseTransactions)
    .where(and(eq(caseTransactions.caseId, row.id), eq(caseTransactions.transactionId, t.id)));
  const from = existing ? existing.fraudulent : null;
  if (from === input.fraudulent) throw unchanged("mark of this transaction");
  const actorId = actor.kind === "staff" ? actor.userId : null;
  await tx
    .insert(caseTransactions)
    .values({ caseId: row.id, transactionId: t.id, fraudulent: input.fraudulent, linkedBy: actorId, linkedAt: now })
    .onConflictDoUpdate({ target: [caseTransactions.caseId, caseTransactions.transactionId], set: { fraudulent: input.fraudulent, linkedBy: actorId, linkedAt: now } });
  const [sum] = await tx
    .select({ yen: sql<string>`coalesce(sum(${transactions.amountYen}), 0)::bigint::text` })
    .from(caseTransactions)
    .innerJoin(transactions, eq(transactions.id, caseTransactions.transactionId))
    .where(and(eq(caseTransactions.caseId, row.id), eq(caseTransactions.fraudulent, true)));
  const lossYen = Number(sum?.yen ?? 0);
  const updated = await changeCase(tx, actor, row, input.version, {
    patch: { lossYen },
    events: [{ kind: "transaction_marked", body: { transactionId: t.id, kind: t.kind, amountYen: t.amountYen, from, to: input.fraudulent, lossFrom: row.lossYen, lossTo: lossYen } }],
    audit: { action: "case.transaction_marked", before: { transactionId: t.id, fraudulent: from, lossYen: row.lossYen }, after: { transactionId: t.id, fraudulent: input.fraudulent, lossYen } },
  }, now);
  return writeResult(updated);
}

// ---- each in its own transaction ---------------------------------------------------------------

type Operation<I> = (tx: Queryable, actor: Actor, caseIdOrRef: string, input: I, now?: Date) => Promise<CaseWriteResult>;

function own<I>(op: Operation<I>) {
  return async (actor: Actor, caseIdOrRef: string, input: I): Promise<CaseWriteResult> => {
    const db = await getDb();
    return db.transaction((tx) => op(tx, actor, caseIdOrRef, input));
  };
}

export const changeStatus = own(changeStatusIn);
export const assignCase = own(assignCaseIn);
export const changeSeverity = own(changeSeverityIn);
export const snoozeCase = own(snoozeCaseIn);
export const attachIncident = own(attachIncidentIn);
export const addNote = own(addNoteIn);
export const markTransaction = own(markTransactionIn);
