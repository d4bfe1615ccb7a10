import { bigint, boolean, date, index, jsonb, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";

/**
 * The analytics rollups (lib/analytics). Kept in the same transaction as the rows they count by
 * triggers (db/migrations: analytics_rollup_triggers): whichever code writes cases, marks,
 * reimbursements, links or decision counters, the rollups follow. Days are Japan-time dates; a
 * case without incident counts under the zero UUID (NO_INCIDENT in lib/analytics/constants.ts).
 */

/**
 * Cases per bank, incident, day opened, day of the first fraudulent withdrawal (the regulator's
 * quarter), day closed ('infinity' while open), due day, outcome, compensation and SLA.
 */
export const analyticsCaseRollups = pgTable(
  "analytics_case_rollups",
  {
    bankId: uuid().notNull(),
    incidentKey: uuid().notNull(),
    openedDay: date({ mode: "string" }).notNull(),
    /**
     * The Japan day of the case's first fraudulent withdrawal: the earliest charge marked fraudulent
     * on it (money pulled from the bank account), else its earliest transaction marked fraudulent,
     * else the day it was opened.
     */
    withdrawnDay: date({ mode: "string" }).notNull(),
    closedDay: date({ mode: "string" }).notNull(),
    dueDay: date({ mode: "string" }).notNull(),
    /** 'open' while the case is open, else its outcome. */
    outcome: text().notNull(),
    /** For confirmed fraud: 'pending' (not yet decided), 'compensated' or 'refused'; else 'none'. */
    compensation: text().notNull(),
    /** Closed after its due time. */
    slaBreached: boolean().notNull(),
    cases: bigint({ mode: "number" }).notNull().default(0),
    /** Confirmed loss for confirmed fraud, the loss marked so far otherwise. */
    lossYen: bigint({ mode: "number" }).notNull().default(0),
    reimbursedYen: bigint({ mode: "number" }).notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.openedDay, t.bankId, t.incidentKey, t.withdrawnDay, t.closedDay, t.dueDay, t.outcome, t.compensation, t.slaBreached] }),
    index("analytics_case_rollups_closed_idx").on(t.closedDay),
  ],
);

/** Fraudulent spending (payments marked fraudulent on confirmed-fraud cases) per payment day, bank, incident and merchant category. */
export const analyticsSpendRollups = pgTable(
  "analytics_spend_rollups",
  {
    day: date({ mode: "string" }).notNull(),
    bankId: uuid().notNull(),
    incidentKey: uuid().notNull(),
    category: text().notNull(),
    yen: bigint({ mode: "number" }).notNull().default(0),
    payments: bigint({ mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.bankId, t.incidentKey, t.category] })],
);

/** New links per day, bank and verification method. */
export const analyticsLinkRollups = pgTable(
  "analytics_link_rollups",
  {
    day: date({ mode: "string" }).notNull(),
    bankId: uuid().notNull(),
    verification: text().notNull(),
    links: bigint({ mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.bankId, t.verification] })],
);

/** Decisions per day, bank, operation and outcome (from decision_counters' minutes). */
export const analyticsDecisionRollups = pgTable(
  "analytics_decision_rollups",
  {
    day: date({ mode: "string" }).notNull(),
    bankId: uuid().notNull(),
    operation: text().notNull(),
    outcome: text().notNull(),
    decisions: bigint({ mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.bankId, t.operation, t.outcome] })],
);

/** What each case adds to the rollups now: subtracted and added again when the case, its marks or its reimbursements change. */
export const analyticsCaseState = pgTable("analytics_case_state", {
  caseId: uuid().primaryKey(),
  bankId: uuid().notNull(),
  incidentKey: uuid().notNull(),
  openedDay: date({ mode: "string" }).notNull(),
  withdrawnDay: date({ mode: "string" }).notNull(),
  closedDay: date({ mode: "string" }).notNull(),
  dueDay: date({ mode: "string" }).notNull(),
  outcome: text().notNull(),
  compensation: text().notNull(),
  slaBreached: boolean().notNull(),
  lossYen: bigint({ mode: "number" }).notNull(),
  reimbursedYen: bigint({ mode: "number" }).notNull(),
  /** The case's fraudulent payments: [{ day, category, yen, n }]. */
  spend: jsonb().notNull().default([]),
});
