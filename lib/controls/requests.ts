import "server-only";
import { and, desc, eq, inArray, lte, sql, type SQL } from "drizzle-orm";
import { getDb, type Db, type Queryable, type Tx } from "@/db";
import { bankControls, controlChangeRequests, organisations } from "@/db/schema";
import { SYSTEM_REQUEST, type Actor } from "@/lib/auth/actor";
import { bankScope } from "@/lib/auth/scope";
import { writeAudit, type AuditSubject } from "@/lib/audit/write";
import { log } from "@/lib/http/log";
import { Conflict, Forbidden, Invalid, NotFound } from "@/lib/errors";
import { APPROVE_BLOCK_MESSAGES, approveBlockedBy, assertMayDecide, assertMayReadControls, assertMayRequestLoosening, isRequester } from "./access";
import { decodeCursor, encodeCursor, isoMicros } from "./cursor";
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
import type { z } from "zod";

const MAX_SCHEDULE_DAYS = 90;
const OPEN_STATUSES = ["pending", "approved"] as const;

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

export async function listRequests(actor: Actor, query: z.input<typeof requestsQuery> = {}): Promise<{ requests: RequestView[]; nextCursor: string | null }> {
  assertMayReadControls(actor);
  const q = requestsQuery.parse(query);
  const db = await getDb();
  const conditions: (SQL | undefined)[] = [bankScope(actor, controlChangeRequests.bankId)];
  if (q.status === "open") conditions.push(inArray(controlChangeRequests.status, [...OPEN_STATUSES]));
  else if (q.status !== "all") conditions.push(eq(controlChangeRequests.status, q.status));
  if (q.bankCode) conditions.push(eq(organisations.id, (await findBank(db, actor, q.bankCode)).id));
  const cursor = q.cursor ? decodeCursor(q.cursor) : null;
  if (cursor) conditions.push(sql`(${controlChangeRequests.requestedAt}, ${controlChangeRequests.id}::text) < (${cursor.at}::timestamptz, ${cursor.key})`);
  const rows = await requestQuery(db, and(...conditions))
    .orderBy(desc(controlChangeRequests.requestedAt), desc(controlChangeRequests.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    requests: await toViews(db, actor, page),
    nextCursor: rows.length > q.limit && last ? encodeCursor({ at: last.requestedAtText, key: last.request.id }) : null,
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

/**
 * The request under the lock order every writer uses: the control's row first, then the request's
 * row. Another bank's request (or an id that does not exist) is "not found".
 */
async function lockRequest(tx: Tx, actor: Actor, id: string): Promise<{ request: RequestRow; currentState: ControlStateName; bankCode: string }> {
  if (!UUID.test(id)) throw new NotFound("control request");
  const [peek] = await tx
    .select({ bankId: controlChangeRequests.bankId, control: controlChangeRequests.control })
    .from(controlChangeRequests)
    .where(and(eq(controlChangeRequests.id, id), bankScope(actor, controlChangeRequests.bankId)));
  if (!peek) throw new NotFound("control request");
  const [locked] = await lockControls(tx, [peek.bankId], peek.control);
  const [request] = await tx.select().from(controlChangeRequests).where(eq(controlChangeRequests.id, id)).for("update");
  const [bank] = await tx.select({ code: organisations.bankCode }).from(organisations).where(eq(organisations.id, peek.bankId));
  if (!request || !locked) throw new NotFound("control request");
  return { request, currentState: locked.state, bankCode: bank?.code ?? "" };
}

function checkLoosening(current: ControlStateName, to: ControlStateName): void {
  if (current === to || isTightening(current, to))
    throw new Invalid("A loosening moves the control towards open.", {
      toState: current === "open" ? "The control is already open: there is nothing to loosen." : `Choose a state looser than ${current}.`,
    });
}

function checkSchedule(at: Date | null | undefined): void {
  if (!at) return;
  const now = Date.now();
  if (at.getTime() <= now) throw new Invalid("The schedule is in the past.", { scheduledFor: "Choose a time in the future, or none to apply at approval." });
  if (at.getTime() > now + MAX_SCHEDULE_DAYS * 86_400_000) throw new Invalid("The schedule is too far ahead.", { scheduledFor: `At most ${MAX_SCHEDULE_DAYS} days ahead.` });
}

function requestAudit(r: RequestRow) {
  return { control: r.control, toState: r.toState, reason: r.reason, scheduledFor: r.scheduledFor, status: r.status, revision: r.revision };
}

/** A loosening waits for a second person. Staff with controls.request_loosening, or an API key with the 'controls' scope. */
/** The route hands over parsed input (scheduledFor a Date); tests and scripts may pass the JSON form. */
type WithInstant<T> = Omit<T, "scheduledFor"> & { scheduledFor?: string | Date | null };
const asJson = <T extends { scheduledFor?: string | Date | null }>(input: T) => ({
  ...input,
  scheduledFor: input.scheduledFor instanceof Date ? input.scheduledFor.toISOString() : input.scheduledFor,
});

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
      .values({
        bankId: bank.id,
        control: body.control,
        toState: body.toState,
        reason: body.reason,
        scheduledFor: body.scheduledFor ?? null,
        requestedBy: actor.kind === "staff" ? actor.userId : null,
        requestedByApiKey: actor.kind === "service" ? actor.apiKeyId : null,
      })
      .returning();
    await writeAudit(tx, actor, {
      action: "control.loosening_requested",
      entityType: "control_change_request",
      entityId: created!.id,
      bankId: bank.id,
      after: { ...requestAudit(created!), bankCode: bank.code, fromState: locked.state },
    });
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
  await db.transaction(async (tx) => {
    const { request, currentState } = await lockRequest(tx, actor, requestId);
    if (!isRequester(actor, request)) throw new Forbidden("Only the requester edits a request.");
    if (request.status !== "pending" && request.status !== "approved") throw new Conflict(`The request is ${request.status}: it can no longer change.`);
    if (request.revision !== body.revision)
      throw new Conflict(`The request changed since you read it (revision ${request.revision}).`, { revision: `The current revision is ${request.revision}.` });
    const toState = body.toState ?? request.toState;
    checkLoosening(currentState, toState);
    const [edited] = await tx
      .update(controlChangeRequests)
      .set({
        toState,
        reason: body.reason ?? request.reason,
        scheduledFor: body.scheduledFor === undefined ? request.scheduledFor : body.scheduledFor,
        revision: sql`${controlChangeRequests.revision} + 1`,
        status: "pending",
        decidedBy: null,
        decidedAt: null,
        decisionNote: null,
      })
      .where(and(eq(controlChangeRequests.id, request.id), eq(controlChangeRequests.revision, request.revision)))
      .returning();
    await writeAudit(tx, actor, {
      action: "control.loosening_request_edited",
      entityType: "control_change_request",
      entityId: request.id,
      bankId: request.bankId,
      before: requestAudit(request),
      after: { ...requestAudit(edited!), voidedApproval: request.status === "approved" },
    });
  });
  return viewOf(db, actor, requestId);
}

export async function cancelRequest(actor: Actor, requestId: string, input: z.input<typeof cancelSchema> = {}): Promise<RequestView> {
  assertMayRequestLoosening(actor);
  const body = cancelSchema.parse(input);
  const db = await getDb();
  await db.transaction(async (tx) => {
    const { request } = await lockRequest(tx, actor, requestId);
    if (!isRequester(actor, request)) throw new Forbidden("Only the requester cancels a request; a manager may reject it.");
    if (request.status !== "pending" && request.status !== "approved") throw new Conflict(`The request is ${request.status}: it can no longer change.`);
    await tx
      .update(controlChangeRequests)
      .set({ status: "cancelled", decidedAt: sql`now()`, decidedBy: actor.kind === "staff" ? actor.userId : null, decisionNote: body.note || null })
      .where(eq(controlChangeRequests.id, request.id));
    await writeAudit(tx, actor, {
      action: "control.loosening_request_cancelled",
      entityType: "control_change_request",
      entityId: request.id,
      bankId: request.bankId,
      before: requestAudit(request),
      after: { status: "cancelled", note: body.note ?? null },
    });
  });
  return viewOf(db, actor, requestId);
}

async function requesterOrgKind(tx: Tx, r: RequestRow): Promise<"carrier" | "bank"> {
  const people = await loadPeople(tx, [r.requestedBy], [r.requestedByApiKey]);
  return (r.requestedBy ? people.orgKindOfUser(r.requestedBy) : people.orgKindOfApiKey(r.requestedByApiKey)) ?? "carrier";
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
  await db.transaction(async (tx) => {
    const { request, currentState, bankCode } = await lockRequest(tx, actor, requestId);
    const block = approveBlockedBy(actor, { ...request, requestedByOrgKind: await requesterOrgKind(tx, request) });
    if (block && block !== "not_pending") throw new Forbidden(APPROVE_BLOCK_MESSAGES[block]);
    if (request.status !== "pending") throw new Conflict(`The request is ${request.status}: it is not waiting for a decision.`);
    if (request.revision !== body.revision)
      throw new Conflict(`The request was edited after you reviewed it (now revision ${request.revision}): review it again.`, {
        revision: `The current revision is ${request.revision}.`,
      });
    if (stateRank(currentState) <= stateRank(request.toState))
      throw new Conflict(`The control is already ${currentState}: there is nothing to loosen.`);
    const due = !request.scheduledFor || request.scheduledFor.getTime() <= Date.now();
    const [decided] = await tx
      .update(controlChangeRequests)
      .set({ status: due ? "applied" : "approved", decidedBy: actor.userId, decidedAt: sql`now()`, decisionNote: body.note || null })
      .where(and(eq(controlChangeRequests.id, request.id), eq(controlChangeRequests.status, "pending"), eq(controlChangeRequests.revision, body.revision)))
      .returning({ id: controlChangeRequests.id });
    if (!decided) throw new Conflict("The request was decided or edited meanwhile: review it again.");
    if (due) {
      const [changed] = await writeChange(tx, {
        bankIds: [request.bankId],
        control: request.control,
        toState: request.toState,
        reason: request.reason,
        fromStates: new Map([[request.bankId, currentState]]),
        changedBy: request.requestedBy,
        changedByApiKey: request.requestedByApiKey,
        approvedBy: actor.userId,
        requestId: request.id,
      });
      await writeAudit(tx, actor, {
        action: "control.loosened",
        entityType: "bank_control",
        entityId: controlEntityId(bankCode, request.control),
        bankId: request.bankId,
        before: { state: currentState },
        after: { state: request.toState, version: changed?.version, reason: request.reason, requestId: request.id, revision: request.revision, approvedBy: actor.userId },
      });
    } else {
      await writeAudit(tx, actor, {
        action: "control.loosening_approved",
        entityType: "control_change_request",
        entityId: request.id,
        bankId: request.bankId,
        before: { status: "pending" },
        after: { status: "approved", revision: request.revision, scheduledFor: request.scheduledFor, note: body.note ?? null },
      });
    }
  });
  return viewOf(db, actor, requestId);
}

export async function rejectRequest(actor: Actor, requestId: string, input: z.input<typeof rejectSchema> = {}): Promise<RequestView> {
  assertMayDecide(actor);
  const body = rejectSchema.parse(input);
  const db = await getDb();
  await db.transaction(async (tx) => {
    const { request } = await lockRequest(tx, actor, requestId);
    const block = approveBlockedBy(actor, { ...request, requestedByOrgKind: await requesterOrgKind(tx, request) });
    if (block && block !== "not_pending") throw new Forbidden(APPROVE_BLOCK_MESSAGES[block]);
    if (request.status !== "pending") throw new Conflict(`The request is ${request.status}: it is not waiting for a decision.`);
    if (body.revision !== undefined && body.revision !== request.revision)
      throw new Conflict(`The request was edited after you reviewed it (now revision ${request.revision}).`, { revision: `The current revision is ${request.revision}.` });
    await tx
      .update(controlChangeRequests)
      .set({ status: "rejected", decidedBy: actor.userId, decidedAt: sql`now()`, decisionNote: body.note || null })
      .where(eq(controlChangeRequests.id, request.id));
    await writeAudit(tx, actor, {
      action: "control.loosening_rejected",
      entityType: "control_change_request",
      entityId: request.id,
      bankId: request.bankId,
      before: { status: "pending", revision: request.revision },
      after: { status: "rejected", note: body.note ?? null },
    });
  });
  return viewOf(db, actor, requestId);
}

// ---- Scheduled loosenings -----------------------------------------------------------------------

export const SCHEDULER_SUBJECT: AuditSubject = { label: "system:control-scheduler", request: SYSTEM_REQUEST };

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
 * write path as an approval, audited as done by the scheduler. Only the scheduler calls it (reads
 * never write: listing controls, a history or the requests shows an overdue one as approved until
 * the next pass). One pass runs at a time across every process: the pass's transaction holds an
 * advisory lock, and a process that cannot take it skips its turn. Each request is applied in a
 * savepoint of its own, so one failing request does not hold back the others.
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
  const [peek] = await tx.select({ bankId: controlChangeRequests.bankId, control: controlChangeRequests.control }).from(controlChangeRequests).where(eq(controlChangeRequests.id, id));
  if (!peek) return "skipped";
  const [locked] = await lockControls(tx, [peek.bankId], peek.control);
  const [request] = await tx
    .select()
    .from(controlChangeRequests)
    .where(and(eq(controlChangeRequests.id, id), eq(controlChangeRequests.status, "approved"), lte(controlChangeRequests.scheduledFor, now)))
    .for("update");
  if (!request || !locked) return "skipped";
  const [bank] = await tx.select({ code: organisations.bankCode }).from(organisations).where(eq(organisations.id, request.bankId));
  const bankCode = bank?.code ?? request.bankId;
  if (stateRank(locked.state) <= stateRank(request.toState)) {
    const note = `Nothing to loosen at the scheduled time: the control was already ${locked.state}.`;
    await tx
      .update(controlChangeRequests)
      .set({ status: "cancelled", decidedBy: null, decidedAt: sql`now()`, decisionNote: note })
      .where(eq(controlChangeRequests.id, id));
    await writeAudit(tx, SCHEDULER_SUBJECT, {
      action: "control.scheduled_loosening_cancelled",
      entityType: "control_change_request",
      entityId: id,
      bankId: request.bankId,
      before: { ...requestAudit(request), approvedBy: request.decidedBy },
      after: { status: "cancelled", note, currentState: locked.state, bankCode },
    });
    return "cancelled";
  }
  await tx.update(controlChangeRequests).set({ status: "applied" }).where(eq(controlChangeRequests.id, id));
  const [changed] = await writeChange(tx, {
    bankIds: [request.bankId],
    control: request.control,
    toState: request.toState,
    reason: request.reason,
    fromStates: new Map([[request.bankId, locked.state]]),
    changedBy: request.requestedBy,
    changedByApiKey: request.requestedByApiKey,
    approvedBy: request.decidedBy,
    requestId: request.id,
  });
  await writeAudit(tx, SCHEDULER_SUBJECT, {
    action: "control.loosened",
    entityType: "bank_control",
    entityId: controlEntityId(bankCode, request.control),
    bankId: request.bankId,
    before: { state: locked.state },
    after: { state: request.toState, version: changed?.version, reason: request.reason, requestId: request.id, scheduledFor: request.scheduledFor, approvedBy: request.decidedBy },
  });
  return "applied";
}
