import { bigint, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organisations } from "./organisations";
import { users } from "./users";
import { linkedAccounts, transactions } from "./accounts";
import { caseEventKind, caseStatus, incidentStatus } from "./enums";

/** A campaign: many cases that belong together. */
export const incidents = pgTable("incidents", {
  id: uuid().primaryKey().defaultRandom(),
  reference: text().notNull().unique(),
  title: text().notNull(),
  description: text().notNull().default(""),
  status: incidentStatus().notNull().default("open"),
  startedAt: timestamp({ withTimezone: true }).notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** One suspected fraud against one customer (one linked account). */
export const cases = pgTable(
  "cases",
  {
    id: uuid().primaryKey().defaultRandom(),
    reference: text().notNull().unique(),
    bankId: uuid()
      .notNull()
      .references(() => organisations.id),
    linkedAccountId: uuid()
      .notNull()
      .references(() => linkedAccounts.id),
    incidentId: uuid().references(() => incidents.id),
    status: caseStatus().notNull().default("new"),
    /** Loss claimed or observed so far. */
    lossYen: bigint({ mode: "number" }).notNull().default(0),
    /** Loss confirmed as fraud: the ceiling for reimbursements. */
    confirmedLossYen: bigint({ mode: "number" }).notNull().default(0),
    assigneeId: uuid().references(() => users.id),
    outcome: text(),
    openedAt: timestamp({ withTimezone: true }).notNull(),
    closedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("cases_bank_created_idx").on(t.bankId, t.createdAt.desc(), t.id.desc()),
    index("cases_status_idx").on(t.status, t.createdAt.desc(), t.id.desc()),
    index("cases_link_idx").on(t.linkedAccountId),
    index("cases_incident_idx").on(t.incidentId),
  ],
);

export const caseEvents = pgTable(
  "case_events",
  {
    id: uuid().primaryKey().defaultRandom(),
    caseId: uuid()
      .notNull()
      .references(() => cases.id),
    kind: caseEventKind().notNull(),
    body: jsonb().notNull().default({}),
    actorId: uuid().references(() => users.id),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("case_events_case_idx").on(t.caseId, t.at)],
);

export const caseTransactions = pgTable(
  "case_transactions",
  {
    caseId: uuid()
      .notNull()
      .references(() => cases.id),
    transactionId: uuid()
      .notNull()
      .references(() => transactions.id),
    linkedBy: uuid().references(() => users.id),
    linkedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.transactionId] }), index("case_transactions_tx_idx").on(t.transactionId)],
);
