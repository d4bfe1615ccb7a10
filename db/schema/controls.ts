import { bigint, index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organisations } from "./organisations";
import { users } from "./users";
import { apiKeys } from "./api-keys";
import { controlKind, controlRequestStatus, controlState, decisionOperation, decisionOutcome } from "./enums";

/** The current state of each per-bank switch. `version` grows with every change, across all banks. */
export const bankControls = pgTable(
  "bank_controls",
  {
    bankId: uuid()
      .notNull()
      .references(() => organisations.id),
    control: controlKind().notNull(),
    state: controlState().notNull().default("open"),
    version: bigint({ mode: "number" }).notNull().default(1),
    changedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    changedBy: uuid().references(() => users.id),
    reason: text(),
  },
  (t) => [primaryKey({ columns: [t.bankId, t.control] })],
);

/** The history of every switch: who, when, why. */
export const controlChanges = pgTable(
  "control_changes",
  {
    id: uuid().primaryKey().defaultRandom(),
    bankId: uuid()
      .notNull()
      .references(() => organisations.id),
    control: controlKind().notNull(),
    fromState: controlState().notNull(),
    toState: controlState().notNull(),
    reason: text().notNull(),
    changedBy: uuid().references(() => users.id),
    changedByApiKey: uuid().references(() => apiKeys.id),
    approvedBy: uuid().references(() => users.id),
    requestId: uuid(),
    changedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("control_changes_bank_idx").on(t.bankId, t.changedAt.desc())],
);

/** A loosening (towards open) waits for a second person. */
export const controlChangeRequests = pgTable(
  "control_change_requests",
  {
    id: uuid().primaryKey().defaultRandom(),
    bankId: uuid()
      .notNull()
      .references(() => organisations.id),
    control: controlKind().notNull(),
    toState: controlState().notNull(),
    reason: text().notNull(),
    scheduledFor: timestamp({ withTimezone: true }),
    status: controlRequestStatus().notNull().default("pending"),
    /** Editing a pending request bumps the revision and voids earlier approvals. */
    revision: integer().notNull().default(1),
    requestedBy: uuid().references(() => users.id),
    requestedByApiKey: uuid().references(() => apiKeys.id),
    requestedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid().references(() => users.id),
    decidedAt: timestamp({ withTimezone: true }),
    decisionNote: text(),
  },
  (t) => [index("control_change_requests_bank_idx").on(t.bankId, t.status, t.requestedAt.desc())],
);

/** Decisions counted per bank, operation and outcome in one-minute buckets (written in batches). */
export const decisionCounters = pgTable(
  "decision_counters",
  {
    bankId: uuid()
      .notNull()
      .references(() => organisations.id),
    operation: decisionOperation().notNull(),
    outcome: decisionOutcome().notNull(),
    bucketStart: timestamp({ withTimezone: true }).notNull(),
    count: bigint({ mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.bankId, t.operation, t.outcome, t.bucketStart] })],
);
