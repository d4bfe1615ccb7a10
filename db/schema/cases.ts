import { sql } from "drizzle-orm";
import { bigint, boolean, check, customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organisations } from "./organisations";
import { users } from "./users";
import { linkedAccounts, transactions } from "./accounts";
import { caseEventKind, caseOutcome, caseSeverity, caseStatus, incidentStatus, ruleMode } from "./enums";

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

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

/**
 * One suspected fraud against one customer (one linked account). A link has at most one case that
 * is not closed (cases_one_open_per_link): a rule or a person that would open a second one adds to
 * the open one and raises its priority instead (lib/cases/open.ts). Every write carries the version
 * it read and bumps it (lib/cases/write.ts): a stale write is a 409, never a silent overwrite.
 */
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
    /** How a closed case ended; null while it is open. */
    outcome: caseOutcome(),
    severity: caseSeverity().notNull().default("medium"),
    /** Raised each time a rule or a person would have opened another case on the link. */
    priority: integer().notNull().default(0),
    /** How many times the link was reported (the opening and every later hit). */
    hits: integer().notNull().default(1),
    /** Where it came from: "manual", "accounts", "seed" or a rule's code. */
    source: text().notNull().default("manual"),
    /** Sum of the transactions marked fraudulent on the case. */
    lossYen: bigint({ mode: "number" }).notNull().default(0),
    /** The loss when the case was closed as confirmed fraud: the ceiling for reimbursements. */
    confirmedLossYen: bigint({ mode: "number" }).notNull().default(0),
    /** Approved or paid back to the victim so far (kept by the reimbursements area). */
    reimbursedYen: bigint({ mode: "number" }).notNull().default(0),
    assigneeId: uuid().references(() => users.id),
    /** When the SLA of its severity runs out (lib/cases/sla.ts). */
    dueAt: timestamp({ withTimezone: true }).notNull(),
    /** Out of the queue until then, or until something new happens on it. */
    snoozedUntil: timestamp({ withTimezone: true }),
    version: integer().notNull().default(1),
    openedAt: timestamp({ withTimezone: true }).notNull(),
    closedAt: timestamp({ withTimezone: true }),
    lastActivityAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("case_outcome_when_closed", sql`(${t.status} = 'closed') = (${t.outcome} is not null)`),
    check("case_amounts_not_negative", sql`${t.lossYen} >= 0 and ${t.confirmedLossYen} >= 0 and ${t.reimbursedYen} >= 0`),
    uniqueIndex("cases_one_open_per_link")
      .on(t.linkedAccountId)
      .where(sql`${t.status} <> 'closed'`),
    index("cases_bank_created_idx").on(t.bankId, t.createdAt.desc(), t.id.desc()),
    index("cases_status_idx").on(t.status, t.createdAt.desc(), t.id.desc()),
    index("cases_link_idx").on(t.linkedAccountId),
    index("cases_incident_idx").on(t.incidentId),
    index("cases_assignee_idx").on(t.assigneeId, t.dueAt, t.id),
    // The queue's orders over open cases: due first, by bank and over every bank.
    index("cases_open_due_idx")
      .on(t.dueAt, t.id)
      .where(sql`${t.status} <> 'closed'`),
    index("cases_open_bank_due_idx")
      .on(t.bankId, t.dueAt, t.id)
      .where(sql`${t.status} <> 'closed'`),
    index("cases_activity_idx").on(t.lastActivityAt.desc(), t.id.desc()),
    index("cases_loss_idx").on(t.lossYen.desc(), t.id.desc()),
    index("cases_opened_idx").on(t.openedAt.desc(), t.id.desc()),
    // Take-next: the most urgent open case nobody has, over every bank and in one bank.
    index("cases_take_next_idx")
      .on(t.severity.desc(), t.dueAt, t.priority.desc(), t.id)
      .where(sql`${t.status} <> 'closed' and ${t.assigneeId} is null`),
    index("cases_bank_take_next_idx")
      .on(t.bankId, t.severity.desc(), t.dueAt, t.priority.desc(), t.id)
      .where(sql`${t.status} <> 'closed' and ${t.assigneeId} is null`),
    // The queue's search by reference prefix (C-2020-…).
    index("cases_reference_pattern_idx").on(t.reference.op("text_pattern_ops")),
  ],
);

/**
 * The case's timeline: typed events with who and when; `body` carries the previous and new values
 * (`{ from, to }`), the note's text, the transaction and its mark, the rule's hit… `version` is the
 * case's version the event made, so a stale writer is told exactly what changed since it read.
 */
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
    version: integer(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("case_events_case_idx").on(t.caseId, t.at)],
);

/** A transaction an investigator marked on a case: fraudulent (counts in the loss) or not. */
export const caseTransactions = pgTable(
  "case_transactions",
  {
    caseId: uuid()
      .notNull()
      .references(() => cases.id),
    transactionId: uuid()
      .notNull()
      .references(() => transactions.id),
    fraudulent: boolean().notNull().default(true),
    linkedBy: uuid().references(() => users.id),
    linkedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.transactionId] }), index("case_transactions_tx_idx").on(t.transactionId)],
);

/**
 * A file attached to a case, with its size and SHA-256. Where the bytes live depends on the
 * database (lib/cases/evidence-store.ts): in `content` on PostgreSQL, in a file named by its hash
 * beside the embedded database on PGlite (`content` null).
 */
export const caseEvidence = pgTable(
  "case_evidence",
  {
    id: uuid().primaryKey().defaultRandom(),
    caseId: uuid()
      .notNull()
      .references(() => cases.id),
    fileName: text().notNull(),
    contentType: text().notNull(),
    sizeBytes: bigint({ mode: "number" }).notNull(),
    sha256: text().notNull(),
    storage: text().notNull(),
    content: bytea(),
    uploadedBy: uuid()
      .notNull()
      .references(() => users.id),
    uploadedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("case_evidence_sha256_hex", sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
    check("case_evidence_size", sql`${t.sizeBytes} >= 0 and ${t.sizeBytes} <= 20971520`),
    index("case_evidence_case_idx").on(t.caseId, t.uploadedAt.desc()),
  ],
);

/** A person's saved queue filters (the URL's query string), kept across sign-outs and browsers. */
export const savedViews = pgTable(
  "saved_views",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    name: text().notNull(),
    /** The queue's filters as a URL query string, without "?". */
    query: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("saved_views_user_name").on(t.userId, t.name)],
);

/** How long a case of each severity may stay open: its due date is opened + hours. */
export const caseSlaPolicies = pgTable(
  "case_sla_policies",
  {
    severity: caseSeverity().primaryKey(),
    hours: integer().notNull(),
    updatedBy: uuid().references(() => users.id),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("case_sla_hours", sql`${t.hours} between 1 and 2160`)],
);

/** A detection rule's mode and parameters (lib/rules). */
export const detectionRules = pgTable("detection_rules", {
  code: text().primaryKey(),
  mode: ruleMode().notNull().default("shadow"),
  params: jsonb().notNull().default({}),
  version: integer().notNull().default(1),
  updatedBy: uuid().references(() => users.id),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** What a rule found: in shadow mode only this row; on, also the case it opened or added to. */
export const ruleHits = pgTable(
  "rule_hits",
  {
    id: uuid().primaryKey().defaultRandom(),
    ruleCode: text()
      .notNull()
      .references(() => detectionRules.code),
    mode: ruleMode().notNull(),
    linkedAccountId: uuid()
      .notNull()
      .references(() => linkedAccounts.id),
    bankId: uuid()
      .notNull()
      .references(() => organisations.id),
    caseId: uuid().references(() => cases.id),
    /**
     * What makes a hit new for its rule and link: "" for the link-level rules (a link is reported
     * once by each), the charge's id for a cash-out. A pattern seen again adds nothing.
     */
    matchKey: text().notNull().default(""),
    details: jsonb().notNull().default({}),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("rule_hits_rule_idx").on(t.ruleCode, t.at.desc()),
    index("rule_hits_link_idx").on(t.linkedAccountId, t.ruleCode, t.at.desc()),
    uniqueIndex("rule_hits_once").on(t.ruleCode, t.linkedAccountId, t.matchKey),
  ],
);
