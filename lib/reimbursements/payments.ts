import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { getDb } from "@/db";
import { payoutBatches, payoutLines, reimbursements } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { writeAudit } from "@/lib/audit/write";
import { appendCaseEvent } from "@/lib/cases/write";
import { AppError, NotFound } from "@/lib/errors";
import { isUuid } from "@/lib/http/cursor";
import { lockReimbursement } from "./area";
import { reimbursementDetail } from "./list";
import { assertMayPay, refuse } from "./payouts";
import { PAYOUT_REFUSALS, paymentPaidRequest, paymentReturnedRequest } from "./schemas";

/**
 * The bank's answer to a payout batch, transfer by transfer, marked by hand by the carrier's
 * managers (the bank's result file format is not known to the project, so it is not imported):
 * a sent transfer is paid (with the bank's reference; the reimbursement is paid) or returned (with
 * the reason; the reimbursement is approved again and may go into a later batch, a new payout line:
 * the one-line-per-reimbursement index leaves returned lines out). Each is a conditional change on
 * the line's and the reimbursement's expected status `sent`, under the area's lock order (the
 * case's row, then the reimbursement's, then the line's), with the case's timeline entry and the
 * audit entry in the same transaction. The case's reimbursed amount counts what is approved, sent
 * or paid (set at approval), so neither answer changes it: a returned reimbursement is approved
 * again, still owed to the victim and still off the case's ceiling.
 */

type Outcome = { to: "paid"; bankReference: string } | { to: "returned"; reason: string };

async function settle(actor: Actor, batchId: string, reimbursementId: string, outcome: Outcome): Promise<void> {
  if (!isUuid(batchId) || !isUuid(reimbursementId)) throw new NotFound("payout line");
  await (await getDb()).transaction(async (tx) => {
    const inBatch = and(eq(payoutLines.batchId, batchId), eq(payoutLines.reimbursementId, reimbursementId));
    const [peek] = await tx.select({ id: payoutLines.id }).from(payoutLines).where(inBatch);
    if (!peek) throw new NotFound("payout line");
    const { record: r, caseRow } = await lockReimbursement(tx, actor, reimbursementId);
    const [line] = await tx
      .select({ line: payoutLines, transferDate: payoutBatches.transferDate })
      .from(payoutLines)
      .innerJoin(payoutBatches, eq(payoutBatches.id, payoutLines.batchId))
      .where(eq(payoutLines.id, peek.id))
      .for("update", { of: payoutLines });
    if (!line) throw new NotFound("payout line");
    const was = line.line;
    if (was.status !== "sent") {
      throw new AppError(409, PAYOUT_REFUSALS.alreadySettled, `This transfer is already marked ${was.status}.`, undefined, { status: was.status });
    }
    const settledLine = await tx
      .update(payoutLines)
      .set(
        outcome.to === "paid"
          ? { status: "paid", bankReference: outcome.bankReference, settledBy: actor.kind === "staff" ? actor.userId : null, settledAt: sql`now()` }
          : { status: "returned", returnReason: outcome.reason, settledBy: actor.kind === "staff" ? actor.userId : null, settledAt: sql`now()` },
      )
      .where(and(eq(payoutLines.id, was.id), eq(payoutLines.status, "sent")))
      .returning({ id: payoutLines.id });
    const settled = await tx
      .update(reimbursements)
      .set(outcome.to === "paid" ? { status: "paid", paidAt: sql`now()`, updatedAt: sql`now()` } : { status: "approved", sentAt: null, updatedAt: sql`now()` })
      .where(and(eq(reimbursements.id, r.id), eq(reimbursements.status, "sent")))
      .returning({ id: reimbursements.id });
    if (settledLine.length !== 1 || settled.length !== 1) {
      throw refuse(409, "reimbursementId", PAYOUT_REFUSALS.notSent, `The reimbursement is ${r.status}, not sent: its transfer cannot be marked.`, { status: r.status });
    }
    const where = { batchId, transferDate: line.transferDate, lineNo: was.lineNo, amountYen: was.amountYen };
    const detail = outcome.to === "paid" ? { bankReference: outcome.bankReference } : { reason: outcome.reason };
    await appendCaseEvent(tx, actor, caseRow, { kind: outcome.to === "paid" ? "reimbursement_paid" : "reimbursement_returned", body: { reimbursementId: r.id, ...where, ...detail } });
    await writeAudit(tx, actor, {
      action: outcome.to === "paid" ? "reimbursement.paid" : "reimbursement.returned",
      entityType: "reimbursement",
      entityId: r.id,
      bankId: r.bankId,
      before: { status: "sent", payment: "sent", ...where },
      after: { status: outcome.to === "paid" ? "paid" : "approved", payment: outcome.to, ...where, ...detail, caseReference: caseRow.reference, caseReimbursedYen: caseRow.reimbursedYen },
    });
  });
}

/** POST /api/v1/payout-batches/{batchId}/lines/{reimbursementId}/paid: the bank paid the transfer; the reimbursement is paid. */
export async function markPaymentPaid(actor: Actor, batchId: string, reimbursementId: string, input: z.input<typeof paymentPaidRequest>) {
  assertMayPay(actor);
  const body = paymentPaidRequest.parse(input);
  await settle(actor, batchId, reimbursementId, { to: "paid", bankReference: body.bankReference });
  return reimbursementDetail(actor, reimbursementId);
}

/** POST /api/v1/payout-batches/{batchId}/lines/{reimbursementId}/returned: the bank returned the transfer; the reimbursement is approved again. */
export async function markPaymentReturned(actor: Actor, batchId: string, reimbursementId: string, input: z.input<typeof paymentReturnedRequest>) {
  assertMayPay(actor);
  const body = paymentReturnedRequest.parse(input);
  await settle(actor, batchId, reimbursementId, { to: "returned", reason: body.reason });
  return reimbursementDetail(actor, reimbursementId);
}
