import { sql } from "drizzle-orm";
import { bigint, check, index, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { organisations } from "./organisations";
import { users } from "./users";
import { cases } from "./cases";
import { approvalDecision, reimbursementStatus } from "./enums";

/** Money the carrier pays back to a victim: proposed by one person, approved by another. */
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
    status: reimbursementStatus().notNull().default("proposed"),
    reason: text().notNull(),
    proposedBy: uuid()
      .notNull()
      .references(() => users.id),
    proposedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid().references(() => users.id),
    decidedAt: timestamp({ withTimezone: true }),
    paidAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("reimbursement_amount_positive", sql`${t.amountYen} > 0`),
    check("maker_is_not_checker", sql`${t.decidedBy} IS NULL OR ${t.decidedBy} <> ${t.proposedBy}`),
    index("reimbursements_bank_idx").on(t.bankId, t.createdAt.desc(), t.id.desc()),
    index("reimbursements_case_idx").on(t.caseId),
    index("reimbursements_status_idx").on(t.status, t.createdAt.desc()),
  ],
);

export const reimbursementApprovals = pgTable(
  "reimbursement_approvals",
  {
    id: uuid().primaryKey().defaultRandom(),
    reimbursementId: uuid()
      .notNull()
      .references(() => reimbursements.id),
    approverId: uuid()
      .notNull()
      .references(() => users.id),
    decision: approvalDecision().notNull(),
    comment: text(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("one_decision_per_approver").on(t.reimbursementId, t.approverId)],
);
