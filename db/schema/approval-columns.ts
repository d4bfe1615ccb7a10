import { integer, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";
import { approvalStatus } from "./enums";

/**
 * The columns of a staff request that waits for a second administrator (lib/approvals: status …
 * decision_note), as role grants and credential resets share them. Fresh builders on every call.
 */
export function staffApprovalColumns() {
  return {
    status: approvalStatus().notNull().default("pending"),
    /** Revising a pending request bumps the revision and voids earlier approvals. */
    revision: integer().notNull().default(1),
    requestedBy: uuid()
      .notNull()
      .references(() => users.id),
    requestedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid().references(() => users.id),
    decidedAt: timestamp({ withTimezone: true }),
    decisionNote: text(),
  };
}
