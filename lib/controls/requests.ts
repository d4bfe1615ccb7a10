import "server-only";
import { and, desc, eq, inArray, lte, sql, type SQL } from "drizzle-orm";
import { getDb, type Db, type Queryable, type Tx } from "@/db";
import { bankControls, controlChangeRequests, organisations } from "@/db/schema";
import { SYSTEM_REQUEST, type Actor } from "@/lib/auth/actor";
import { bankScope } from "@/lib/auth/scope";
import { writeAudit, type AuditSubject } from "@/lib/audit/write";
import { log } from "@/lib/http/log";
import { applyApproved, approve, auditRequested, cancel, isRequester, reject, requesterOf, revise, type ApprovalArea, type Locked } from "@/lib/approvals/engine";
import { Conflict, Invalid, NotFound, fieldError } from "@/lib/errors";
import { encodeInstantKey, isoMicros, olderThan } from "@/lib/http/cursor";
import {
  APPROVE_BLOCK_MESSAGES,
  approveBlockedBy,
  assertMayDecide,
  assertMayReadControls,
  assertMayRequestLoosening,
  looseningCheckerBlock,
  looseningRoleBlock,
  type ApproveBlock,
} from "./access";
import { loadPeople } from "./people";
import {
  approveRequest as approveSchema,
  cancelRequest as cancelSchema,
  editLooseningRequest,
  isTightening,
  looseningRequest,
  rejectRequest as rejectSchema,
  requestsQuery,
  stateRank,
  type ControlStateName,
  type RequestView,
} from "./schemas";
import { controlEntityId, findBank, lockControls, writeChange } from "./write";
import { OPEN_APPROVAL_STATUSES } from "@/lib/approvals/states";
import type { z } from "zod";

const MAX_SCHEDULE_DAYS = 90;
const OPEN_STATUSES = OPEN_APPROVAL_STATUSES;

type RequestRow = typeof controlChangeRequests.$inferSelect;

// ---- Reading ------------------------------------------------------------------------------------

const requestColumns = {
  request: controlChangeRequests,
  bankCode: organisations.bankCode,
  bankNameJa: organisations.nameJa,
  bankNameEn: organisations.nameEn,
  currentState: bankControls.state,
  requestedAtText: isoMicros(controlChangeRequests.requestedAt),
};

function requestQuery(db: Queryable, where: SQL | undefined) {
  return db
    .select(requestColumns)
    .from(controlChangeRequests)
    .innerJoin(organisations, eq(organisations.id, controlChangeRequests.bankId))
    .innerJoin(bankControls, and(eq(bankControls.bankId, controlChangeRequests.bankId), eq(bankControls.control, controlChangeRequests.control)))
    .where(where);
}

type LoadedRow = Awaited<ReturnType<typeof requestQuery>>[number];

/** Request rows as the viewer sees them: names, the rule of who decides, what the viewer may do. */
export async function toViews(db: Queryable, actor: Actor, rows: LoadedRow[]): Promise<RequestView[]> {
  const people = await loadPeople(
    db,
    rows.flatMap((r) => [r.request.requestedBy, r.request.decidedBy]),
    rows.map((r) => r.request.requestedByApiKey),
  );
  return rows.map(({ request: r, ...bank }) => {
    const requestedByOrgKind = (r.requestedBy ? people.orgKindOfUser(r.requestedBy) : people.orgKindOfApiKey(r.requestedByApiKey)) ?? "carrier";
    const block = approveBlockedBy(actor, { bankId: r.bankId, status: r.status, requestedBy: r.requestedBy, requestedByOrgKind });
    const mine = isRequester(actor, r);
    const open = r.status === "pending" || r.status === "approved";
    return {
      id: r.id,
      bankId: r.bankId,
      bankCode: bank.bankCode ?? "",
      bankNameJa: bank.bankNameJa,
      bankNameEn: bank.bankNameEn,
      control: r.control,
      currentState: bank.currentState,
      toState: r.toState,
      reason: r.reason,
      scheduledFor: r.scheduledFor?.toISOString() ?? null,
      status: r.status,
      revision: r.revision,
      requestedBy: people.user(r.requestedBy) ?? people.apiKey(r.requestedByApiKey),
      requestedByOrg: requestedByOrgKind,
      requestedAt: r.requestedAt.toISOString(),
      decidedBy: people.user(r.decidedBy) ?? (r.decidedAt ? { name: "system", kind: "system", org: null } : null),
      decidedAt: r.decidedAt?.toISOString() ?? null,
      decisionNote: r.decisionNote,
      viewer: { canApprove: block === null, approveBlockedBy: block, canEdit: mine && open, canCancel: mine && open },
    };
  });
}

/** The open (pending or approved-and-scheduled) loosening requests of some banks. */
export async function openRequestsOf(db: Queryable, actor: Actor, bankIds: string[]): Promise<RequestView[]> {
  if (bankIds.length === 0) return [];
  const rows = await requestQuery(db, and(inArray(controlChangeRequests.bankId, bankIds), inArray(controlChangeRequests.status, [...OPEN_STATUSES]))).orderBy(
    desc(controlChangeRequests.requestedAt),
  );
  return toViews(db, actor, rows);
}

/** A list filter's unknown bank: 422 on the `bankCode` field (findBank's 404 is for a bank a change names). */
function unknownBankFilter(e: unknown): never {
  if (e instanceof NotFound) throw new Invalid("No such bank.", { bankCode: fieldError("unknown_bank") });
  throw e;
}

export async function listRequests(actor: Actor, query: z.input<typeof requestsQuery> = {}): Promise<{ requests: RequestView[]; nextCursor: string | null }> {
  assertMayReadControls(actor);
  const q = requestsQuery.parse(query);
  const db = await getDb();
  const conditions: (SQL | undefined)[] = [bankScope(actor, controlChangeRequests.bankId)];
  if (q.status === "open") conditions.push(inArray(controlChangeRequests.status, [...OPEN_STATUSES]));
  else if (q.status !== "all") conditions.push(eq(controlChangeRequests.status, q.status));
  // A filter naming a bank the caller cannot see is a 422 on its field, as on the accounts and audit lists.
  if (q.bankCode) conditions.push(eq(organisations.id, (await findBank(db, actor, q.bankCode).catch(unknownBankFilter)).id));
  conditions.push(olderThan(controlChangeRequests.requestedAt, controlChangeRequests.id, q.cursor));
  const rows = await requestQuery(db, and(...conditions))
    .orderBy(desc(controlChangeRequests.requestedAt), desc(controlChangeRequests.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    requests: await toViews(db, actor, page),
    nextCursor: rows.length > q.limit && last ? encodeInstantKey({ at: last.requestedAtText, key: last.request.id }) : null,
  };
}

async function viewOf(db: Queryable, actor: Actor, id: string): Promise<RequestView> {
  const rows = await requestQuery(db, eq(controlChangeRequests.id, id));
  const [view] = await toViews(db, actor, rows);
  if (!view) throw new NotFound("control request");
  return view;
}

// ---- Writing ------------------------------------------------------------------------------------

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A loosening request under its locks, with what deciding it depends on. */
interface LockedRequest extends Locked<RequestRow> {
  currentState: ControlStateName;
  bankCode: string;
  requestedByOrgKind: "carrier" | "bank";
}

/**
 * The request under the lock order every writer uses: the control's row first, then the request's
 * row. `where` scopes the lookup (to the actor's banks); outside it, or no such id: "not found".
 */
async function lockRequestRow(tx: Tx, id: string, where?: SQL): Promise<LockedRequest> {
  if (!UUID.test(id)) throw new NotFound("control request");
  const [peek] = await tx
    .select({ bankId: controlChangeRequests.bankId, control: controlChangeRequests.control })
    .from(controlChangeRequests)
    .where(and(eq(controlChangeRequests.id, id), where));
  if (!peek) throw new NotFound("control request");
  const [locked] = await lockControls(tx, [peek.bankId], peek.control);
  const [record] = await tx.select().from(controlChangeRequests).where(eq(controlChangeRequests.id, id)).for("update");
  const [bank] = await tx.select({ code: organisations.bankCode }).from(organisations).where(eq(organisations.id, peek.bankId));
  if (!record || !locked) throw new NotFound("control request");
  return { record, currentState: locked.state, bankCode: bank?.code ?? "", requestedByOrgKind: await requesterOrgKind(tx, record) };
}

async function requesterOrgKind(tx: Tx, r: RequestRow): Promise<"carrier" | "bank"> {
  const people = await loadPeople(tx, [r.requestedBy], [r.requestedByApiKey]);
  return (r.requestedBy ? people.orgKindOfUser(r.requestedBy) : people.orgKindOfApiKey(r.requestedByApiKey)) ?? "carrier";
}

function requestAudit(r: RequestRow) {
  return { control: r.control, toState: r.toState, reason: r.reason, scheduledFor: r.scheduledFor, status: r.status, revision: r.revision };
}

export const SCHEDULER_SUBJECT: AuditSubject = { label: "system:control-scheduler", request: SYSTEM_REQUEST };

/**
 * Loosenings on the shared approval mechanism (lib/approvals): a manager other than the requester
 * decides, by the rule of lib/controls/access.ts; applying is the one write path of controls.
 */
const loosenings: ApprovalArea<RequestRow, LockedRequest, ApproveBlock> = {
  noun: "request",
  table: controlChangeRequests,
  lock: (tx, actor, id) => lockRequestRow(tx, id, bankScope(actor, controlChangeRequests.bankId)),
  roleBlock: looseningRoleBlock,
  checkerBlock: (actor, l) => looseningCheckerBlock(actor, { bankId: l.record.bankId, requestedByOrgKind: l.requestedByOrgKind }),
  blockMessages: APPROVE_BLOCK_MESSAGES,
  stillApplies: (l) => {
    if (stateRank(l.currentState) <= stateRank(l.record.toState)) throw new Conflict(`The control is already ${l.currentState}: there is nothing to loosen.`);
  },
  dueAtApproval: (l) => !l.record.scheduledFor || l.record.scheduledFor.getTime() <= Date.now(),
  apply: async (tx, l, by) => {
    const r = l.record;
    const [changed] = await writeChange(tx, {
      bankIds: [r.bankId],
      control: r.control,
      toState: r.toState,
      reason: r.reason,
      fromStates: new Map([[r.bankId, l.currentState]]),
      changedBy: r.requestedBy,
      changedByApiKey: r.requestedByApiKey,
      approvedBy: by.approvedBy,
      requestId: r.id,
    });
    await writeAudit(tx, by.actor, {
      action: "control.loosened",
      entityType: "bank_control",
      entityId: controlEntityId(l.bankCode || r.bankId, r.control),
      bankId: r.bankId,
      before: { state: l.currentState },
      after: { state: r.toState, version: changed?.version, reason: r.reason, requestId: r.id, revision: r.revision, scheduledFor: r.scheduledFor, approvedBy: by.approvedBy },
    });
  },
  audit: {
    entityType: "control_change_request",
    bankId: (l) => l.record.bankId,
    actions: {
      requested: "control.loosening_requested",
      revised: "control.loosening_request_edited",
      cancelled: "control.loosening_request_cancelled",
      approved: "control.loosening_approved",
      rejected: "control.loosening_rejected",
    },
    view: requestAudit,
  },
  onlyRequester: { revise: "Only the requester edits a request.", cancel: "Only the requester cancels a request; a manager may reject it." },
};

function checkLoosening(current: ControlStateName, to: ControlStateName): void {
  if (current === to || isTightening(current, to))
    throw new Invalid("A loosening moves the control towards open.", {
      toState: current === "open" ? fieldError("already_open") : fieldError("not_towards_open", { current }),
    });
}

function checkSchedule(at: Date | null | undefined): void {
  if (!at) return;
  const now = Date.now();
  if (at.getTime() <= now) throw new Invalid("The schedule is in the past.", { scheduledFor: fieldError("schedule_past") });
  if (at.getTime() > now + MAX_SCHEDULE_DAYS * 86_400_000) throw new Invalid("The schedule is too far ahead.", { scheduledFor: fieldError("schedule_too_far", { days: MAX_SCHEDULE_DAYS }) });
}

/** The route hands over parsed input (scheduledFor a Date); tests and scripts may pass the JSON form. */
type WithInstant<T> = Omit<T, "scheduledFor"> & { scheduledFor?: string | Date | null };
const asJson = <T extends { scheduledFor?: string | Date | null }>(input: T) => ({
  ...input,
  scheduledFor: input.scheduledFor instanceof Date ? input.scheduledFor.toISOString() : input.scheduledFor,
});

/** A loosening waits for a second person. Staff with controls.request_loosening, or an API key with the 'controls' scope. */
export async function requestLoosening(actor: Actor, input: WithInstant<z.input<typeof looseningRequest>>): Promise<RequestView> {
  assertMayRequestLoosening(actor);
  const body = looseningRequest.parse(asJson(input));
  const db = await getDb();
  const bank = await findBank(db, actor, body.bankCode);
  checkSchedule(body.scheduledFor);
  const id = await db.transaction(async (tx) => {
    const [locked] = await lockControls(tx, [bank.id], body.control);
    if (!locked) throw new NotFound("bank");
    checkLoosening(locked.state, body.toState);
    const [waiting] = await tx
      .select({ id: controlChangeRequests.id })
      .from(controlChangeRequests)
      .where(and(eq(controlChangeRequests.bankId, bank.id), eq(controlChangeRequests.control, body.control), inArray(controlChangeRequests.status, [...OPEN_STATUSES])));
    if (waiting) throw new Conflict(`A loosening of this control is already waiting (request ${waiting.id}): edit or cancel it.`);
    const [created] = await tx
      .insert(controlChangeRequests)
      .values({ bankId: bank.id, control: body.control, toState: body.toState, reason: body.reason, scheduledFor: body.scheduledFor ?? null, ...requesterOf(actor) })
      .returning();
    await auditRequested(tx, loosenings, actor, created!, bank.id, { bankCode: bank.code, fromState: locked.state });
    return created!.id;
  });
  return viewOf(db, actor, id);
}

/** The requester edits a waiting request: the revision goes up and any approval is void. */
export async function editRequest(actor: Actor, requestId: string, input: WithInstant<z.input<typeof editLooseningRequest>>): Promise<RequestView> {
  assertMayRequestLoosening(actor);
  const body = editLooseningRequest.parse(asJson(input));
  const db = await getDb();
  if (body.scheduledFor !== undefined) checkSchedule(body.scheduledFor);
  await db.transaction((tx) =>
    revise(tx, loosenings, actor, requestId, body.revision, ({ record, currentState }) => {
      const toState = body.toState ?? record.toState;
      checkLoosening(currentState, toState);
      return { toState, reason: body.reason ?? record.reason, scheduledFor: body.scheduledFor === undefined ? record.scheduledFor : body.scheduledFor };
    }),
  );
  return viewOf(db, actor, requestId);
}

export async function cancelRequest(actor: Actor, requestId: string, input: z.input<typeof cancelSchema> = {}): Promise<RequestView> {
  assertMayRequestLoosening(actor);
  const body = cancelSchema.parse(input);
  const db = await getDb();
  await db.transaction((tx) => cancel(tx, loosenings, actor, requestId, body));
  return viewOf(db, actor, requestId);
}

/**
 * A second person approves: never the requester, and by the rule of who decides. Approving an
 * older revision than the current one is a conflict. Due now (no schedule, or a past one): applied
 * at once through the one write path; scheduled: 'approved' until applyDueRequests applies it.
 * Of two managers approving at once, the first to lock the control applies; the second finds the
 * request no longer pending (409).
 */
export async function approveRequest(actor: Actor, requestId: string, input: z.input<typeof approveSchema>): Promise<RequestView> {
  assertMayDecide(actor);
  const body = approveSchema.parse(input);
  const db = await getDb();
  await db.transaction((tx) => approve(tx, loosenings, actor, requestId, body));
  return viewOf(db, actor, requestId);
}

export async function rejectRequest(actor: Actor, requestId: string, input: z.input<typeof rejectSchema> = {}): Promise<RequestView> {
  assertMayDecide(actor);
  const body = rejectSchema.parse(input);
  const db = await getDb();
  await db.transaction((tx) => reject(tx, loosenings, actor, requestId, body));
  return viewOf(db, actor, requestId);
}

// ---- Scheduled loosenings -----------------------------------------------------------------------

/** Any fixed number: one scheduler pass at a time across every process (pg_try_advisory_xact_lock). */
export const CONTROL_SCHEDULER_LOCK = 7_413_004;

export interface SchedulerPass {
  /** false: another process was running a pass (it holds the lock); this one did nothing. */
  ran: boolean;
  applied: number;
  /** Due requests that had nothing left to loosen, cancelled (and audited). */
  cancelled: number;
}

/**
 * The scheduler's pass: applies every approved loosening whose time has come through the same
 * mechanism and write path as an approval, audited as done by the scheduler. Only the scheduler
 * calls it (reads never write: listing controls, a history or the requests shows an overdue one as
 * approved until the next pass). One pass runs at a time across every process: the pass's
 * transaction holds an advisory lock, and a process that cannot take it skips its turn. Each
 * request is applied in a savepoint of its own, so one failing request does not hold back the others.
 */
export async function applyDueRequests(db: Db, now: Date = new Date()): Promise<SchedulerPass> {
  return db.transaction(async (tx) => {
    const lock = (await tx.execute(sql`select pg_try_advisory_xact_lock(${CONTROL_SCHEDULER_LOCK}) as got`)) as unknown as { rows: { got: boolean }[] };
    if (!lock.rows[0]?.got) return { ran: false, applied: 0, cancelled: 0 };
    const due = await tx
      .select({ id: controlChangeRequests.id })
      .from(controlChangeRequests)
      .where(and(eq(controlChangeRequests.status, "approved"), lte(controlChangeRequests.scheduledFor, now)))
      .orderBy(controlChangeRequests.scheduledFor)
      .limit(100);
    const pass: SchedulerPass = { ran: true, applied: 0, cancelled: 0 };
    for (const d of due) {
      try {
        const outcome = await tx.transaction((sp) => applyDueRequest(sp, d.id, now));
        if (outcome !== "skipped") pass[outcome]++;
      } catch (e) {
        log("warn", "scheduled loosening: could not apply, retrying next pass", { requestId: d.id, err: (e as Error).message });
      }
    }
    return pass;
  });
}

async function applyDueRequest(tx: Tx, id: string, now: Date): Promise<"applied" | "cancelled" | "skipped"> {
  const isDue = and(eq(controlChangeRequests.status, "approved"), lte(controlChangeRequests.scheduledFor, now));
  const locked = await lockRequestRow(tx, id, isDue).catch((e: unknown) => {
    if (e instanceof NotFound) return null;
    throw e;
  });
  if (!locked || locked.record.status !== "approved") return "skipped";
  const request = locked.record;
  if (stateRank(locked.currentState) <= stateRank(request.toState)) {
    const note = `Nothing to loosen at the scheduled time: the control was already ${locked.currentState}.`;
    await tx
      .update(controlChangeRequests)
      .set({ status: "cancelled", decidedBy: null, decidedAt: sql`now()`, decisionNote: note })
      .where(and(eq(controlChangeRequests.id, id), isDue));
    await writeAudit(tx, SCHEDULER_SUBJECT, {
      action: "control.scheduled_loosening_cancelled",
      entityType: "control_change_request",
      entityId: id,
      bankId: request.bankId,
      before: { ...requestAudit(request), approvedBy: request.decidedBy },
      after: { status: "cancelled", note, currentState: locked.currentState, bankCode: locked.bankCode || request.bankId },
    });
    return "cancelled";
  }
  return (await applyApproved(tx, loosenings, locked, SCHEDULER_SUBJECT, isDue)) ? "applied" : "skipped";
}
