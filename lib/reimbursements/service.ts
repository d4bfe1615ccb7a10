import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { getDb, type Tx } from "@/db";
import { caseCompensations, linkedAccounts, organisations, reimbursementApprovals, reimbursements } from "@/db/schema";
import { approve, auditRequested, cancel, reject, revise } from "@/lib/approvals/engine";
import type { Actor, StaffActor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/policy";
import { verifyStepUp } from "@/lib/auth/step-up";
import { writeAudit } from "@/lib/audit/write";
import { findCase, type CaseRow } from "@/lib/cases/find";
import { appendCaseEvent } from "@/lib/cases/write";
import { AppError, Forbidden, NotFound, fieldError } from "@/lib/errors";
import { approvalsNeededFor } from "./config";
import {
  arithmeticOf,
  isConfirmedFraud,
  lockReimbursement,
  overAvailable,
  reimbursementsArea,
  type LockedReimbursement,
} from "./area";
import { compensationView as compensationSchema, REIMBURSEMENT_REFUSALS, approveRequest, compensationRequest, editRequest, proposeRequest, rejectRequest, withdrawRequest, type OtherPayee } from "./schemas";
import { reimbursementDetail } from "./list";
import { NAME_WIDTH, zenginKana } from "./zengin";

/**
 * Proposing, editing, withdrawing, approving and rejecting reimbursements; recording what a bank
 * compensated. Each runs in one transaction with its audit entry (and the case's timeline entry
 * where the case file shows it). Every refusal names its field by a machine code.
 */

type Refusal = { field: string; code: string; message: string; params?: Record<string, string | number> };

function invalid(r: Refusal): AppError {
  return new AppError(422, r.code, r.message, { [r.field]: fieldError(r.code, r.params) }, r.params);
}

/** The case a proposal names, locked: unknown or another bank's is 422 unknown_case (nothing told). */
async function proposedCase(tx: Tx, actor: Actor, caseId: string): Promise<CaseRow> {
  try {
    return await findCase(tx, actor, caseId, { lock: true });
  } catch (e) {
    if (e instanceof NotFound) throw invalid({ field: "caseId", code: REIMBURSEMENT_REFUSALS.unknownCase, message: "No such case." });
    throw e;
  }
}

type PayeeColumns = Pick<
  typeof reimbursements.$inferInsert,
  "payeeKind" | "payeeBankCode" | "payeeBranchCode" | "payeeAccountType" | "payeeAccountNumber" | "payeeAccountLast4" | "payeeNameKana" | "payeeReason"
>;

function transferableName(field: string, name: string): string {
  const { text, refused } = zenginKana(name);
  if (refused.length > 0 || text.length === 0 || text.length > NAME_WIDTH.holder) {
    throw invalid({ field, code: REIMBURSEMENT_REFUSALS.payeeName, message: "The holder's name cannot be written in the transfer file (katakana, at most 30 half-width characters).", params: { characters: refused.join("") } });
  }
  return text;
}

/**
 * The payee: the victim's own linked account by default (its bank, branch, type, last four and
 * holder's name), or another account with a reason, at a bank the console knows (the partner banks'
 * zengin codes; the zengin-code data set is not bundled) with a 3-digit branch code.
 */
async function payeeOf(tx: Tx, c: CaseRow, payee: OtherPayee | null | undefined): Promise<PayeeColumns> {
  if (!payee) {
    const [l] = await tx
      .select({ bankCode: organisations.bankCode, branchCode: linkedAccounts.branchCode, accountType: linkedAccounts.accountType, last4: linkedAccounts.accountLast4, holder: linkedAccounts.holderNameKana })
      .from(linkedAccounts)
      .innerJoin(organisations, eq(organisations.id, linkedAccounts.bankId))
      .where(eq(linkedAccounts.id, c.linkedAccountId));
    if (!l) throw new NotFound("linked account");
    return {
      payeeKind: "linked_account",
      payeeBankCode: l.bankCode ?? "",
      payeeBranchCode: l.branchCode,
      payeeAccountType: l.accountType,
      payeeAccountNumber: null,
      payeeAccountLast4: l.last4,
      payeeNameKana: transferableName("payee", l.holder),
      payeeReason: null,
    };
  }
  const reason = payee.reason?.trim() ?? "";
  if (!reason) throw invalid({ field: "payee.reason", code: REIMBURSEMENT_REFUSALS.payeeReasonRequired, message: "Paying another account than the victim's own needs a reason." });
  const [bank] = await tx.select({ id: organisations.id }).from(organisations).where(and(eq(organisations.kind, "bank"), eq(organisations.bankCode, payee.bankCode)));
  if (!bank) throw invalid({ field: "payee.bankCode", code: REIMBURSEMENT_REFUSALS.unknownPayeeBank, message: "Not a bank code the console knows.", params: { bankCode: payee.bankCode } });
  return {
    payeeKind: "other",
    payeeBankCode: payee.bankCode,
    payeeBranchCode: payee.branchCode,
    payeeAccountType: payee.accountType,
    payeeAccountNumber: payee.accountNumber,
    payeeAccountLast4: payee.accountNumber.slice(-4),
    payeeNameKana: transferableName("payee.holderKana", payee.holderKana),
    payeeReason: reason,
  };
}

function isUniqueViolation(e: unknown, constraint: string): boolean {
  const err = e as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  const c = err.cause ?? err;
  return c.code === "23505" && (c.constraint === constraint || String((e as Error).message ?? "").includes(constraint));
}

const pendingExists = () => invalid({ field: "caseId", code: REIMBURSEMENT_REFUSALS.pendingExists, message: "The case already has a reimbursement waiting for approval: edit that one." });

// ---- Proposing and editing -----------------------------------------------------------------------

/** An investigator proposes paying back (part of) a confirmed-fraud case's loss. */
export async function proposeReimbursement(actor: Actor, input: z.input<typeof proposeRequest>) {
  assertCan(actor, "reimbursements.propose");
  const body = proposeRequest.parse(input);
  const db = await getDb();
  let id: string;
  try {
    id = await db.transaction(async (tx) => {
      const c = await proposedCase(tx, actor, body.caseId);
      if (!isConfirmedFraud(c)) throw invalid({ field: "caseId", code: REIMBURSEMENT_REFUSALS.caseNotConfirmed, message: "Only a case closed as confirmed fraud is reimbursed.", params: { status: c.status, outcome: c.outcome ?? "" } });
      const [pending] = await tx.select({ id: reimbursements.id }).from(reimbursements).where(and(eq(reimbursements.caseId, c.id), eq(reimbursements.status, "pending")));
      if (pending) throw pendingExists();
      const a = await arithmeticOf(tx, c);
      if (body.amountYen > a.availableYen) throw overAvailable(a);
      const payee = await payeeOf(tx, c, body.payee);
      const [row] = await tx
        .insert(reimbursements)
        .values({ caseId: c.id, bankId: c.bankId, amountYen: body.amountYen, reason: body.reason, approvalsNeeded: approvalsNeededFor(body.amountYen), requestedBy: actor.userId, ...payee })
        .returning();
      await appendCaseEvent(tx, actor, c, { kind: "reimbursement_proposed", body: { reimbursementId: row!.id, amountYen: body.amountYen, approvalsNeeded: row!.approvalsNeeded } });
      await auditRequested(tx, reimbursementsArea, actor, row!, c.bankId, { caseReference: c.reference, arithmetic: a });
      return row!.id;
    });
  } catch (e) {
    if (isUniqueViolation(e, "reimbursements_one_pending_per_case")) throw pendingExists();
    throw e;
  }
  return reimbursementDetail(actor, id);
}

/** The maker edits their pending proposal at the revision they read: approvals given so far are void. */
export async function editReimbursement(actor: Actor, id: string, input: z.input<typeof editRequest>) {
  assertCan(actor, "reimbursements.propose");
  const body = editRequest.parse(input);
  await (await getDb()).transaction((tx) =>
    revise(tx, reimbursementsArea, actor, id, body.version, async (l: LockedReimbursement) => {
      const amountYen = body.amountYen ?? l.record.amountYen;
      const a = await arithmeticOf(tx, l.caseRow, l.record.id);
      if (amountYen > a.availableYen) throw overAvailable(a);
      const payee = body.payee === undefined ? {} : await payeeOf(tx, l.caseRow, body.payee);
      return { amountYen, reason: body.reason ?? l.record.reason, approvalsNeeded: approvalsNeededFor(amountYen), updatedAt: sql`now()`, ...payee };
    }),
  );
  return reimbursementDetail(actor, id);
}

/** The maker withdraws their pending proposal. */
export async function withdrawReimbursement(actor: Actor, id: string, input: z.input<typeof withdrawRequest> = {}) {
  assertCan(actor, "reimbursements.propose");
  const body = withdrawRequest.parse(input);
  await (await getDb()).transaction(async (tx) => {
    const l = await cancel(tx, reimbursementsArea, actor, id, { note: body.reason ?? null });
    await appendCaseEvent(tx, actor, l.caseRow, { kind: "reimbursement_decided", body: { reimbursementId: id, decision: "withdrawn", amountYen: l.record.amountYen } });
  });
  return reimbursementDetail(actor, id);
}

// ---- Deciding ----------------------------------------------------------------------------------

/**
 * A manager who is not the maker approves the revision they reviewed, with a fresh one-time
 * password (step-up). One approval decides below the threshold; at or above it the second one (of
 * the other side) does. Approved: the case's reimbursed amount goes up, in the same transaction.
 */
export async function approveReimbursement(actor: Actor, id: string, input: z.input<typeof approveRequest>) {
  assertCan(actor, "reimbursements.decide");
  const body = approveRequest.parse(input);
  await (await getDb()).transaction(async (tx) => {
    // Another bank's (or no) reimbursement is 404 before the code is judged: a 422 would tell it exists.
    await lockReimbursement(tx, actor, id);
    await verifyStepUp(tx, actor as StaffActor, body.code);
    await approve(tx, reimbursementsArea, actor, id, { revision: body.version, note: body.note ?? null });
  });
  return reimbursementDetail(actor, id);
}

/** A manager who is not the maker rejects it with a reason (a code, when given, is checked as for approving). */
export async function rejectReimbursement(actor: Actor, id: string, input: z.input<typeof rejectRequest>) {
  assertCan(actor, "reimbursements.decide");
  const body = rejectRequest.parse(input);
  await (await getDb()).transaction(async (tx) => {
    await lockReimbursement(tx, actor, id);
    if (body.code) await verifyStepUp(tx, actor as StaffActor, body.code);
    // Any manager but the maker may reject (the quorum's sides matter for approving only).
    const area = { ...reimbursementsArea, checkerBlock: () => null };
    const l = await reject(tx, area, actor, id, { revision: body.version, note: body.reason });
    const staff = actor as StaffActor;
    await tx
      .insert(reimbursementApprovals)
      .values({ reimbursementId: id, revision: l.record.revision, approverId: staff.userId, approverOrgKind: staff.orgKind, decision: "reject", comment: body.reason })
      .onConflictDoUpdate({ target: [reimbursementApprovals.reimbursementId, reimbursementApprovals.revision, reimbursementApprovals.approverId], set: { decision: "reject", comment: body.reason, at: sql`now()` } });
    await appendCaseEvent(tx, actor, l.caseRow, { kind: "reimbursement_decided", body: { reimbursementId: id, decision: "rejected", amountYen: l.record.amountYen, reason: body.reason } });
  });
  return reimbursementDetail(actor, id);
}

// ---- What the bank compensated -----------------------------------------------------------------

/**
 * A manager of the victim's bank records what the bank itself paid back on a confirmed-fraud case;
 * it comes off what the carrier may still reimburse. The carrier's staff cannot record it.
 */
export async function recordCompensation(actor: Actor, caseId: string, input: z.input<typeof compensationRequest>): Promise<z.output<typeof compensationSchema>> {
  assertCan(actor, "reimbursements.compensate");
  if (actor.orgKind !== "bank") throw new Forbidden("Only the victim's bank records what it compensated.");
  const body = compensationRequest.parse(input);
  return (await getDb()).transaction(async (tx) => {
    const c = await findCase(tx, actor, caseId, { lock: true });
    if (!isConfirmedFraud(c)) throw invalid({ field: "caseId", code: REIMBURSEMENT_REFUSALS.caseNotConfirmed, message: "Only a case closed as confirmed fraud has a confirmed loss to compensate." });
    const a = await arithmeticOf(tx, c);
    if (body.amountYen > a.availableYen) {
      throw new AppError(422, REIMBURSEMENT_REFUSALS.overCompensation, "More than the confirmed loss not yet reimbursed, approved, pending or compensated.", { amountYen: fieldError(REIMBURSEMENT_REFUSALS.overCompensation, a) }, a);
    }
    const [row] = await tx.insert(caseCompensations).values({ caseId: c.id, bankId: c.bankId, amountYen: body.amountYen, note: body.note, recordedBy: actor.userId }).returning();
    const after = { ...a, compensatedYen: a.compensatedYen + body.amountYen, availableYen: a.availableYen - body.amountYen };
    await writeAudit(tx, actor, {
      action: "reimbursement.compensation_recorded",
      entityType: "case",
      entityId: c.id,
      bankId: c.bankId,
      before: { compensatedYen: a.compensatedYen },
      after: { reference: c.reference, amountYen: body.amountYen, note: body.note, compensationId: row!.id, arithmetic: after },
    });
    return {
      id: row!.id,
      caseId: c.id,
      amountYen: row!.amountYen,
      note: row!.note,
      recordedBy: { id: actor.userId, name: actor.displayName, org: actor.orgKind },
      at: row!.at.toISOString(),
      arithmetic: after,
    };
  });
}
