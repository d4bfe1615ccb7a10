import "server-only";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { z } from "zod";
import { getDb, type Queryable } from "@/db";
import { cases, linkedAccounts, organisations, payoutBatches, payoutLines, reimbursements, users } from "@/db/schema";
import type { Actor, StaffActor } from "@/lib/auth/actor";
import { assertCan, can } from "@/lib/auth/policy";
import { writeAudit } from "@/lib/audit/write";
import { AppError, Forbidden, NotFound, fieldError } from "@/lib/errors";
import { accountHash } from "@/lib/events/account-hash";
import { encodeInstantKey, isUuid, isoMicros, olderThan } from "@/lib/http/cursor";
import { payingAccount } from "./config";
import { PAYOUT_REFUSALS, payoutBatchListQuery, payoutBatchRequest, type PayoutBatchView } from "./schemas";
import { writeZenginTransferFile, type TransferLine } from "./zengin";

/**
 * Payout batches: the carrier's managers pay approved reimbursements in one zengin transfer file
 * (総合振込, lib/reimbursements/zengin.ts). Creating a batch locks its reimbursements, checks each is
 * approved and its payee's account, writes one payout line per reimbursement (unique: a retried or
 * concurrent batch cannot pay it twice), marks them sent and audits the batch, in one transaction.
 * The carrier keeps only the last four digits and a keyed hash of a victim's linked account, so a
 * linked-account payee's 7-digit number is given when the batch is made (as the victim's bank
 * confirmed it) and checked against the link's hash; it is kept on the payout line, which the file
 * is written from. The bank's answer, line by line, is marked in ./payments.ts.
 */

/** Whether the person may pay reimbursements: the permission, and the carrier's staff only (what assertMayPay enforces; the page asks it to offer the batch). */
export function mayPay(actor: Actor): boolean {
  return can(actor, "reimbursements.pay") && actor.kind === "staff" && actor.orgKind === "carrier";
}

export function assertMayPay(actor: Actor): asserts actor is StaffActor {
  assertCan(actor, "reimbursements.pay");
  if (actor.orgKind !== "carrier") throw new Forbidden("Only the carrier's managers pay reimbursements.");
}

export function refuse(status: 409 | 422, field: string, code: string, message: string, params?: Record<string, string | number>): AppError {
  return new AppError(status, code, message, { [field]: fieldError(code, params) }, params);
}

function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; cause?: { code?: string } };
  return (err.cause ?? err).code === "23505";
}

async function fileLines(db: Queryable, batchId: string) {
  return db
    .select({ line: payoutLines, r: reimbursements, caseReference: cases.reference })
    .from(payoutLines)
    .innerJoin(reimbursements, eq(reimbursements.id, payoutLines.reimbursementId))
    .innerJoin(cases, eq(cases.id, reimbursements.caseId))
    .where(eq(payoutLines.batchId, batchId))
    .orderBy(asc(payoutLines.lineNo));
}

function transferLine(r: typeof reimbursements.$inferSelect, accountNumber: string, lineNo: number): TransferLine {
  return {
    bankCode: r.payeeBankCode,
    branchCode: r.payeeBranchCode,
    accountType: r.payeeAccountType,
    accountNumber,
    holderKana: r.payeeNameKana,
    amountYen: r.amountYen,
    customerReference: String(lineNo),
  };
}

/** POST /api/v1/payout-batches: approved reimbursements into one transfer file; they are marked sent. */
export async function createPayoutBatch(actor: Actor, input: z.input<typeof payoutBatchRequest>): Promise<PayoutBatchView> {
  assertMayPay(actor);
  const body = payoutBatchRequest.parse(input);
  const ids = body.lines.map((l) => l.reimbursementId);
  let batchId: string;
  try {
    batchId = await (await getDb()).transaction(async (tx) => {
      // The area's lock order: the cases' rows first (in id order, as the analytics triggers take
      // them when the reimbursements change), then the reimbursements'. Locking the reimbursements
      // first deadlocked with an approval of one of them (case, then reimbursement) on PostgreSQL.
      await tx
        .select({ id: cases.id })
        .from(cases)
        .where(inArray(cases.id, tx.select({ id: reimbursements.caseId }).from(reimbursements).where(inArray(reimbursements.id, ids))))
        .orderBy(asc(cases.id))
        .for("update");
      const rows = await tx
        .select({ r: reimbursements, linkHash: linkedAccounts.accountHash })
        .from(reimbursements)
        .innerJoin(cases, eq(cases.id, reimbursements.caseId))
        .innerJoin(linkedAccounts, eq(linkedAccounts.id, cases.linkedAccountId))
        .where(inArray(reimbursements.id, ids))
        .orderBy(asc(reimbursements.id))
        .for("update", { of: reimbursements });
      const byId = new Map(rows.map((x) => [x.r.id, x]));
      const lines = body.lines.map((l, i) => {
        const found = byId.get(l.reimbursementId);
        if (!found) throw refuse(422, `lines.${i}.reimbursementId`, PAYOUT_REFUSALS.unknownReimbursement, "No such reimbursement.");
        const { r } = found;
        if (r.status !== "approved") throw refuse(409, `lines.${i}.reimbursementId`, PAYOUT_REFUSALS.notApproved, `The reimbursement is ${r.status}: only an approved one is paid.`, { status: r.status });
        let accountNumber = r.payeeAccountNumber;
        if (r.payeeKind === "linked_account") {
          if (!l.accountNumber) throw refuse(422, `lines.${i}.accountNumber`, PAYOUT_REFUSALS.accountNumberRequired, "The victim's own account number is needed (the console keeps only its last four digits).");
          if (accountHash(r.payeeBankCode, r.payeeBranchCode, l.accountNumber) !== found.linkHash) {
            throw refuse(422, `lines.${i}.accountNumber`, PAYOUT_REFUSALS.accountNumberMismatch, "That is not the victim's linked account.");
          }
          accountNumber = l.accountNumber;
        }
        return { r, accountNumber: accountNumber!, lineNo: i + 1 };
      });
      // Written here only to refuse what the format cannot carry before anything is saved.
      const file = writeZenginTransferFile({ payer: payingAccount(), transferDate: body.transferDate, lines: lines.map((l) => transferLine(l.r, l.accountNumber, l.lineNo)) });
      const [batch] = await tx.insert(payoutBatches).values({ transferDate: body.transferDate, lineCount: file.count, totalYen: file.totalYen, createdBy: actor.userId }).returning();
      await tx.insert(payoutLines).values(lines.map((l) => ({ batchId: batch!.id, reimbursementId: l.r.id, lineNo: l.lineNo, amountYen: l.r.amountYen, accountNumber: l.accountNumber })));
      const sent = await tx
        .update(reimbursements)
        .set({ status: "sent", sentAt: sql`now()`, updatedAt: sql`now()` })
        .where(and(inArray(reimbursements.id, ids), eq(reimbursements.status, "approved")))
        .returning({ id: reimbursements.id });
      if (sent.length !== ids.length) throw new AppError(409, PAYOUT_REFUSALS.alreadyInBatch, "A reimbursement changed meanwhile: make the batch again.");
      await writeAudit(tx, actor, {
        action: "reimbursement.payout_batch_created",
        entityType: "payout_batch",
        entityId: batch!.id,
        after: { transferDate: body.transferDate, lineCount: file.count, totalYen: file.totalYen, reimbursements: lines.map((l) => ({ id: l.r.id, amountYen: l.r.amountYen, bankCode: l.r.payeeBankCode })) },
      });
      return batch!.id;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError(409, PAYOUT_REFUSALS.alreadyInBatch, "A reimbursement of the batch is already in another batch.");
    throw e;
  }
  return payoutBatch(actor, batchId);
}

function batchQuery(db: Queryable) {
  return db
    .select({ b: payoutBatches, at: isoMicros(payoutBatches.createdAt), by: { id: users.id, name: users.displayName, org: organisations.kind } })
    .from(payoutBatches)
    .innerJoin(users, eq(users.id, payoutBatches.createdBy))
    .innerJoin(organisations, eq(organisations.id, users.orgId));
}

type BatchRow = Awaited<ReturnType<ReturnType<typeof batchQuery>["where"]>>[number];
const header = (x: BatchRow) => ({ id: x.b.id, transferDate: x.b.transferDate, lineCount: x.b.lineCount, totalYen: x.b.totalYen, createdBy: x.by, createdAt: x.b.createdAt.toISOString() });

/** GET /api/v1/payout-batches: newest first, keyset-paged. */
export async function listPayoutBatches(actor: Actor, query: z.input<typeof payoutBatchListQuery> = {}) {
  assertMayPay(actor);
  const q = payoutBatchListQuery.parse(query);
  const rows = await batchQuery(await getDb())
    .where(olderThan(payoutBatches.createdAt, payoutBatches.id, q.cursor))
    .orderBy(desc(payoutBatches.createdAt), desc(payoutBatches.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return { items: page.map(header), nextCursor: rows.length > q.limit && last ? encodeInstantKey({ at: last.at, key: last.b.id }) : null };
}

/** GET /api/v1/payout-batches/{id}: the batch, its totals and its lines (payees by their last four digits). */
export async function payoutBatch(actor: Actor, id: string): Promise<PayoutBatchView> {
  assertMayPay(actor);
  if (!isUuid(id)) throw new NotFound("payout batch");
  const db = await getDb();
  const [row] = await batchQuery(db).where(eq(payoutBatches.id, id));
  if (!row) throw new NotFound("payout batch");
  const lines = await fileLines(db, id);
  return {
    ...header(row),
    lines: lines.map(({ line, r, caseReference }) => ({
      lineNo: line.lineNo,
      reimbursementId: r.id,
      caseReference,
      amountYen: line.amountYen,
      bankCode: r.payeeBankCode,
      accountLast4: r.payeeAccountLast4,
      holderKana: r.payeeNameKana,
      status: r.status,
      payment: line.status,
      bankReference: line.bankReference,
      returnReason: line.returnReason,
    })),
  };
}

/** GET /api/v1/payout-batches/{id}/file: the zengin file's Shift_JIS bytes, written again from the batch's lines. */
export async function payoutBatchFile(actor: Actor, id: string): Promise<{ bytes: Buffer; fileName: string }> {
  assertMayPay(actor);
  if (!isUuid(id)) throw new NotFound("payout batch");
  const db = await getDb();
  const [batch] = await db.select().from(payoutBatches).where(eq(payoutBatches.id, id));
  if (!batch) throw new NotFound("payout batch");
  const lines = await fileLines(db, id);
  const file = writeZenginTransferFile({ payer: payingAccount(), transferDate: batch.transferDate, lines: lines.map(({ line, r }) => ({ ...transferLine(r, line.accountNumber, line.lineNo), amountYen: line.amountYen })) });
  return { bytes: file.bytes, fileName: `zengin-${batch.transferDate}-${batch.id.slice(0, 8)}.txt` };
}
