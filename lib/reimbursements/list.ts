import "server-only";
import { and, desc, eq, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import { getDb, type Queryable } from "@/db";
import { cases, organisations, payoutBatches, payoutLines, reimbursementApprovals, reimbursements, users } from "@/db/schema";
import { decisionBlock } from "@/lib/approvals/engine";
import type { Actor, StaffActor } from "@/lib/auth/actor";
import { assertCan, can } from "@/lib/auth/policy";
import { bankScope } from "@/lib/auth/scope";
import { NotFound } from "@/lib/errors";
import { encodeInstantKey, isUuid, isoMicros, olderThan } from "@/lib/http/cursor";
import { fromJst } from "@/lib/jst";
import { arithmeticOf, banksById, reimbursementCheckerBlock, reimbursementRoleBlock, type ApprovalRow, type ReimbursementRow } from "./area";
import { REIMBURSEMENT_QUEUES, listQuery, type PaymentView, type ReimbursementPage, type ReimbursementQueue, type ReimbursementView, type reimbursementDetail as detailSchema } from "./schemas";

/**
 * Reading reimbursements, in the caller's scope (a bank's staff see their bank's; another bank's id
 * is 404): the list by queue and filters, keyset-paged newest first (limit, cursor, nextCursor) with
 * the totals of each queue in yen, and one reimbursement with its case's arithmetic.
 */

const DAY_MS = 86_400_000;

/** The rows the viewer could approve now: pending, not theirs, not approved by them, and their side still missing at a quorum of two. */
function waitingFor(actor: Actor): SQL {
  if (actor.kind !== "staff" || !can(actor, "reimbursements.decide")) return sql`false`;
  const current = sql`a.reimbursement_id = ${reimbursements.id} and a.revision = ${reimbursements.revision}`;
  return sql`(${reimbursements.status} = 'pending' and ${reimbursements.requestedBy} <> ${actor.userId}
    and not exists (select 1 from reimbursement_approvals a where ${current} and a.approver_id = ${actor.userId})
    and (${reimbursements.approvalsNeeded} = 1 or not exists (select 1 from reimbursement_approvals a where ${current} and a.decision = 'approve' and a.approver_org_kind = ${actor.orgKind})))`;
}

function queueCondition(actor: Actor, queue: ReimbursementQueue): SQL {
  return queue === "waiting_for_me" ? waitingFor(actor) : sql`${reimbursements.status} = ${queue}`;
}

/** Each reimbursement's transfers, newest batch first. */
async function paymentsOf(db: Queryable, ids: string[]): Promise<Map<string, PaymentView[]>> {
  const rows = await db
    .select({ line: payoutLines, transferDate: payoutBatches.transferDate })
    .from(payoutLines)
    .innerJoin(payoutBatches, eq(payoutBatches.id, payoutLines.batchId))
    .where(inArray(payoutLines.reimbursementId, ids))
    .orderBy(desc(payoutBatches.createdAt), desc(payoutBatches.id));
  const byId = new Map<string, PaymentView[]>();
  for (const { line, transferDate } of rows) {
    const view: PaymentView = {
      batchId: line.batchId,
      transferDate,
      lineNo: line.lineNo,
      amountYen: line.amountYen,
      status: line.status,
      bankReference: line.bankReference,
      returnReason: line.returnReason,
      settledAt: line.settledAt?.toISOString() ?? null,
    };
    byId.set(line.reimbursementId, [...(byId.get(line.reimbursementId) ?? []), view]);
  }
  return byId;
}

async function loadViews(db: Queryable, actor: Actor, rows: { r: ReimbursementRow; caseReference: string }[]): Promise<ReimbursementView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((x) => x.r.id);
  const decisions = await db.select().from(reimbursementApprovals).where(inArray(reimbursementApprovals.reimbursementId, ids)).orderBy(reimbursementApprovals.at);
  const peopleIds = [...new Set([...rows.flatMap((x) => [x.r.requestedBy, x.r.decidedBy ?? x.r.requestedBy]), ...decisions.map((d) => d.approverId)])];
  const people = new Map(
    (
      await db
        .select({ id: users.id, name: users.displayName, org: organisations.kind })
        .from(users)
        .innerJoin(organisations, eq(organisations.id, users.orgId))
        .where(inArray(users.id, peopleIds))
    ).map((p) => [p.id, p]),
  );
  const person = (id: string) => people.get(id) ?? { id, name: "?", org: "carrier" as const };
  const banks = await banksById(db, rows.map((x) => x.r.bankId));
  const byId = new Map<string, ApprovalRow[]>();
  for (const d of decisions) byId.set(d.reimbursementId, [...(byId.get(d.reimbursementId) ?? []), d]);
  const payments = await paymentsOf(db, ids);
  const maySettle = actor.kind === "staff" && actor.orgKind === "carrier" && can(actor, "reimbursements.pay");
  return rows.map(({ r, caseReference }) => {
    const all = byId.get(r.id) ?? [];
    const current = all.filter((d) => d.revision === r.revision);
    const block = decisionBlock(actor, r, { roleBlock: reimbursementRoleBlock, checkerBlock: (a: StaffActor) => reimbursementCheckerBlock(a, r, current) });
    const mine = actor.kind === "staff" && actor.userId === r.requestedBy;
    return {
      id: r.id,
      caseId: r.caseId,
      caseReference,
      status: r.status,
      amountYen: r.amountYen,
      reason: r.reason,
      bank: banks.get(r.bankId) ?? { id: r.bankId, code: "", nameJa: "", nameEn: "" },
      payee: {
        kind: r.payeeKind,
        bankCode: r.payeeBankCode,
        branchCode: r.payeeBranchCode,
        accountType: r.payeeAccountType,
        accountLast4: r.payeeAccountLast4,
        holderKana: r.payeeNameKana,
        reason: r.payeeReason,
      },
      maker: person(r.requestedBy),
      requestedAt: r.requestedAt.toISOString(),
      version: r.revision,
      approvalsNeeded: r.approvalsNeeded,
      approvals: all.map((d) => ({ approver: person(d.approverId), decision: d.decision, revision: d.revision, current: d.revision === r.revision, comment: d.comment, at: d.at.toISOString() })),
      decidedBy: r.decidedBy ? person(r.decidedBy) : null,
      decidedAt: r.decidedAt?.toISOString() ?? null,
      decisionNote: r.decisionNote,
      sentAt: r.sentAt?.toISOString() ?? null,
      paidAt: r.paidAt?.toISOString() ?? null,
      payments: payments.get(r.id) ?? [],
      viewer: { canApprove: block === null, approveBlockedBy: block, canEdit: mine && r.status === "pending", canWithdraw: mine && r.status === "pending", canSettle: maySettle && r.status === "sent" },
    };
  });
}

function rowsQuery(db: Queryable, where: SQL | undefined) {
  return db
    .select({ r: reimbursements, caseReference: cases.reference, at: isoMicros(reimbursements.requestedAt) })
    .from(reimbursements)
    .innerJoin(cases, eq(cases.id, reimbursements.caseId))
    .innerJoin(organisations, eq(organisations.id, reimbursements.bankId))
    .where(where);
}

/** GET /api/v1/reimbursements: newest first, filtered by queue, status, bank, case and Japan-time days. */
export async function listReimbursements(actor: Actor, query: z.input<typeof listQuery> = {}): Promise<ReimbursementPage> {
  assertCan(actor, "reimbursements.read");
  const q = listQuery.parse(query);
  const db = await getDb();
  // The queues' totals follow the bank, case and day filters (not the queue or status: each total is its queue's).
  const scope: (SQL | undefined)[] = [bankScope(actor, reimbursements.bankId)];
  if (q.bank) scope.push(eq(organisations.bankCode, q.bank));
  if (q.caseId) scope.push(eq(reimbursements.caseId, q.caseId));
  if (q.from) scope.push(gte(reimbursements.requestedAt, fromJst(q.from)));
  if (q.to) scope.push(lt(reimbursements.requestedAt, new Date(fromJst(q.to).getTime() + DAY_MS)));
  const filters: (SQL | undefined)[] = [...scope];
  if (q.queue) filters.push(queueCondition(actor, q.queue));
  if (q.status) filters.push(eq(reimbursements.status, q.status));
  filters.push(olderThan(reimbursements.requestedAt, reimbursements.id, q.cursor));
  const [rows, totalsRow] = await Promise.all([
    rowsQuery(db, and(...filters))
      .orderBy(desc(reimbursements.requestedAt), desc(reimbursements.id))
      .limit(q.limit + 1),
    db
      .select(
        Object.fromEntries(
          REIMBURSEMENT_QUEUES.flatMap((queue) => [
            [`${queue}_count`, sql<string>`count(*) filter (where ${queueCondition(actor, queue)})::text`],
            [`${queue}_yen`, sql<string>`coalesce(sum(${reimbursements.amountYen}) filter (where ${queueCondition(actor, queue)}), 0)::text`],
          ]),
        ) as Record<string, SQL<string>>,
      )
      .from(reimbursements)
      .innerJoin(organisations, eq(organisations.id, reimbursements.bankId))
      .where(and(...scope)),
  ]);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  const t = totalsRow[0] ?? {};
  // One case's reimbursements (the case file): its arithmetic too, when the case is in scope.
  const [c] = q.caseId
    ? await db.select({ id: cases.id, confirmedLossYen: cases.confirmedLossYen }).from(cases).where(and(eq(cases.id, q.caseId), bankScope(actor, cases.bankId)))
    : [];
  return {
    ...(c ? { arithmetic: await arithmeticOf(db, c) } : {}),
    items: await loadViews(db, actor, page),
    nextCursor: rows.length > q.limit && last ? encodeInstantKey({ at: last.at, key: last.r.id }) : null,
    totals: Object.fromEntries(REIMBURSEMENT_QUEUES.map((queue) => [queue, { count: Number(t[`${queue}_count`] ?? 0), yen: Number(t[`${queue}_yen`] ?? 0) }])) as ReimbursementPage["totals"],
  };
}

/** GET /api/v1/reimbursements/{id}: one reimbursement, its decisions and its case's arithmetic. */
export async function reimbursementDetail(actor: Actor, id: string): Promise<z.output<typeof detailSchema>> {
  assertCan(actor, "reimbursements.read");
  if (!isUuid(id)) throw new NotFound("reimbursement");
  const db = await getDb();
  const rows = await rowsQuery(db, and(eq(reimbursements.id, id), bankScope(actor, reimbursements.bankId)));
  const [view] = await loadViews(db, actor, rows);
  const row = rows[0];
  if (!view || !row) throw new NotFound("reimbursement");
  const [c] = await db.select({ id: cases.id, confirmedLossYen: cases.confirmedLossYen }).from(cases).where(eq(cases.id, row.r.caseId));
  return { ...view, arithmetic: await arithmeticOf(db, c!) };
}
