import { sql } from "drizzle-orm";
import { bigint, char, check, index, integer, pgTable, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organisations } from "./organisations";
import { users } from "./users";
import { cases } from "./cases";
import { accountType, approvalDecision, orgKind, payeeKind, payoutLineStatus, reimbursementStatus } from "./enums";

/**
 * Money the carrier pays back to a victim of a case closed as confirmed fraud: proposed by an
 * investigator (the maker), approved by one manager or, at or above the quorum threshold, by two
 * (one of the carrier, one of the victim's bank), never by the maker (lib/reimbursements, on the
 * one approval mechanism of lib/approvals: status, revision, requested_by … decision_note).
 */
export const reimbursements = pgTable(
  "reimbursements",
  {
    id: uuid().primaryKey().defaultRandom(),
    caseId: uuid()
      .notNull()
      .references(() => cases.id),
    bankId: uuid()
      .notNull()
      .references(() => organisations.id),
    amountYen: bigint({ mode: "number" }).notNull(),
    reason: text().notNull(),
    payeeKind: payeeKind().notNull().default("linked_account"),
    payeeBankCode: char({ length: 4 }).notNull(),
    payeeBranchCode: char({ length: 3 }).notNull(),
    payeeAccountType: accountType().notNull(),
    /** Another account's full number (7 digits); the victim's own account is known by its last four only. */
    payeeAccountNumber: text(),
    payeeAccountLast4: char({ length: 4 }).notNull(),
    /** Half-width katakana as the transfer file carries it. */
    payeeNameKana: text().notNull(),
    /** Why another account than the victim's own is paid. */
    payeeReason: text(),
    /** Approvals needed (1, or 2 at or above the threshold: one carrier, one the victim's bank), set at each revision. */
    approvalsNeeded: integer().notNull().default(1),
    status: reimbursementStatus().notNull().default("pending"),
    /** Editing a pending proposal bumps the revision: approvals of an earlier revision are void. */
    revision: integer().notNull().default(1),
    requestedBy: uuid()
      .notNull()
      .references(() => users.id),
    requestedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid().references(() => users.id),
    decidedAt: timestamp({ withTimezone: true }),
    decisionNote: text(),
    sentAt: timestamp({ withTimezone: true }),
    paidAt: timestamp({ withTimezone: true }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("reimbursement_amount_positive", sql`${t.amountYen} > 0`),
    check("reimbursement_approvals_needed", sql`${t.approvalsNeeded} in (1, 2)`),
    // The maker never decides (the service refuses it first; the trigger on the approvals too).
    check("reimbursement_maker_is_not_checker", sql`${t.decidedBy} is null or ${t.status} = 'cancelled' or ${t.decidedBy} <> ${t.requestedBy}`),
    check("reimbursement_other_payee_reason", sql`${t.payeeKind} = 'linked_account' or (${t.payeeReason} is not null and ${t.payeeAccountNumber} is not null)`),
    // One proposal waiting per case.
    uniqueIndex("reimbursements_one_pending_per_case").on(t.caseId).where(sql`${t.status} = 'pending'`),
    index("reimbursements_requested_idx").on(t.requestedAt.desc(), t.id.desc()),
    index("reimbursements_bank_requested_idx").on(t.bankId, t.requestedAt.desc(), t.id.desc()),
    index("reimbursements_status_idx").on(t.status, t.requestedAt.desc(), t.id.desc()),
    index("reimbursements_case_idx").on(t.caseId),
  ],
);

/**
 * One manager's decision on one revision of a reimbursement: exactly one per approver and revision
 * (an edit voids earlier approvals: they stay here under their revision). A trigger (migration)
 * refuses a row whose approver is the reimbursement's maker, whatever path wrote it.
 */
export const reimbursementApprovals = pgTable(
  "reimbursement_approvals",
  {
    id: uuid().primaryKey().defaultRandom(),
    reimbursementId: uuid()
      .notNull()
      .references(() => reimbursements.id),
    revision: integer().notNull(),
    approverId: uuid()
      .notNull()
      .references(() => users.id),
    /** The approver's side: the carrier's or the victim's bank's (the quorum needs one of each). */
    approverOrgKind: orgKind().notNull(),
    decision: approvalDecision().notNull(),
    comment: text(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("reimbursement_one_decision_per_approver").on(t.reimbursementId, t.revision, t.approverId)],
);

/**
 * What the victim's bank compensated on a case itself (recorded by the bank's managers): it comes
 * off what the carrier may reimburse.
 */
export const caseCompensations = pgTable(
  "case_compensations",
  {
    id: uuid().primaryKey().defaultRandom(),
    caseId: uuid()
      .notNull()
      .references(() => cases.id),
    bankId: uuid()
      .notNull()
      .references(() => organisations.id),
    amountYen: bigint({ mode: "number" }).notNull(),
    note: text().notNull(),
    recordedBy: uuid()
      .notNull()
      .references(() => users.id),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("compensation_amount_positive", sql`${t.amountYen} > 0`), index("case_compensations_case_idx").on(t.caseId)],
);

/**
 * A payout batch: approved reimbursements paid in one zengin transfer file (lib/reimbursements/payouts.ts).
 * Creating it marks its reimbursements sent; each reimbursement is in at most one batch (payout_lines).
 */
export const payoutBatches = pgTable(
  "payout_batches",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** The Japan calendar date the bank transfers on (the header's MMDD). */
    transferDate: text().notNull(),
    lineCount: integer().notNull(),
    totalYen: bigint({ mode: "number" }).notNull(),
    createdBy: uuid()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("payout_batches_created_idx").on(t.createdAt.desc(), t.id.desc())],
);

/**
 * One transfer of a batch: at most one per reimbursement that is not returned, whatever retries or
 * races (a partial unique index); a transfer the bank returned stays as it was, and the
 * reimbursement, approved again, may go into a later batch.
 */
export const payoutLines = pgTable(
  "payout_lines",
  {
    id: uuid().primaryKey().defaultRandom(),
    batchId: uuid()
      .notNull()
      .references(() => payoutBatches.id),
    reimbursementId: uuid()
      .notNull()
      .references(() => reimbursements.id),
    lineNo: integer().notNull(),
    amountYen: bigint({ mode: "number" }).notNull(),
    /**
     * The payee's full account number as the file carries it: another account's from the proposal,
     * the victim's own as the person who makes the batch gives it (checked against the link's hash).
     */
    accountNumber: char({ length: 7 }).notNull(),
    status: payoutLineStatus().notNull().default("sent"),
    /** The paying bank's reference of the transfer, given when it is marked paid. */
    bankReference: text(),
    /** Why the bank returned the transfer (unknown account, closed account, name mismatch …). */
    returnReason: text(),
    settledBy: uuid().references(() => users.id),
    settledAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("payout_line_once_per_reimbursement").on(t.reimbursementId).where(sql`${t.status} <> 'returned'`),
    unique("payout_line_number").on(t.batchId, t.lineNo),
    check("payout_line_settlement", sql`(${t.status} = 'sent' and ${t.settledAt} is null) or (${t.status} = 'paid' and ${t.bankReference} is not null and ${t.settledAt} is not null) or (${t.status} = 'returned' and ${t.returnReason} is not null and ${t.settledAt} is not null)`),
    index("payout_lines_reimbursement_idx").on(t.reimbursementId),
  ],
);
