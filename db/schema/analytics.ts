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

/*
 * Coarser rollups the charts read (migration 0031), kept by the same triggers in the same
 * transaction: the fine ones above have about one row per case (opened, withdrawn, closed and due
 * days seldom coincide) and one per day × bank × dimension, which a chart over all history and
 * every bank would have to add up on every request.
 */

/** Cases per day opened, bank, incident, outcome and compensation (summary, loss over time, loss by bank, cases opened per week). */
export const analyticsCaseDayRollups = pgTable(
  "analytics_case_day_rollups",
  {
    openedDay: date({ mode: "string" }).notNull(),
    bankId: uuid().notNull(),
    incidentKey: uuid().notNull(),
    outcome: text().notNull(),
    compensation: text().notNull(),
    cases: bigint({ mode: "number" }).notNull().default(0),
    lossYen: bigint({ mode: "number" }).notNull().default(0),
    reimbursedYen: bigint({ mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.openedDay, t.bankId, t.incidentKey, t.outcome, t.compensation] })],
);

/** Confirmed-fraud cases per day of first fraudulent withdrawal, bank, incident and compensation (the regulator's table). */
export const analyticsRegulatorRollups = pgTable(
  "analytics_regulator_rollups",
  {
    withdrawnDay: date({ mode: "string" }).notNull(),
    bankId: uuid().notNull(),
    incidentKey: uuid().notNull(),
    compensation: text().notNull(),
    cases: bigint({ mode: "number" }).notNull().default(0),
    lossYen: bigint({ mode: "number" }).notNull().default(0),
    reimbursedYen: bigint({ mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.withdrawnDay, t.bankId, t.incidentKey, t.compensation] })],
);

/** New links per day and verification method, every bank together (the carrier's view of every bank). */
export const analyticsLinkDayRollups = pgTable(
  "analytics_link_day_rollups",
  {
    day: date({ mode: "string" }).notNull(),
    verification: text().notNull(),
    links: bigint({ mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.verification] })],
);

/** Decisions per day, operation and outcome, every bank together. */
export const analyticsDecisionDayRollups = pgTable(
  "analytics_decision_day_rollups",
  {
    day: date({ mode: "string" }).notNull(),
    operation: text().notNull(),
    outcome: text().notNull(),
    decisions: bigint({ mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.operation, t.outcome] })],
);

/** Decisions per calendar month (its first day), bank, operation and outcome (per bank over long periods). */
export const analyticsDecisionMonthRollups = pgTable(
  "analytics_decision_month_rollups",
  {
    month: date({ mode: "string" }).notNull(),
    bankId: uuid().notNull(),
    operation: text().notNull(),
    outcome: text().notNull(),
    decisions: bigint({ mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.month, t.bankId, t.operation, t.outcome] })],
);

/** Closed cases per day closed, bank, incident and SLA kept or broken (cases closed per week, the SLA). */
export const analyticsCaseClosedRollups = pgTable(
  "analytics_case_closed_rollups",
  {
    closedDay: date({ mode: "string" }).notNull(),
    bankId: uuid().notNull(),
    incidentKey: uuid().notNull(),
    slaBreached: boolean().notNull(),
    cases: bigint({ mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.closedDay, t.bankId, t.incidentKey, t.slaBreached] })],
);

/** Open cases per day opened, due day, bank and incident (open cases by age, open within or past their due day). */
export const analyticsCaseOpenRollups = pgTable(
  "analytics_case_open_rollups",
  {
    openedDay: date({ mode: "string" }).notNull(),
    dueDay: date({ mode: "string" }).notNull(),
    bankId: uuid().notNull(),
    incidentKey: uuid().notNull(),
    cases: bigint({ mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.openedDay, t.dueDay, t.bankId, t.incidentKey] })],
);
