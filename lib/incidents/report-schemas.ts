import { z } from "zod";
import { CONTROL_STATES, CONTROLS } from "@/lib/controls/constants";
import { caseFigures, INCIDENT_STATUSES, reimbursementProgress } from "./schemas";

/**
 * The incident report (#16 §3; GET /api/v1/incidents/{incidentId}/report, the printable page
 * /incidents/[ref]/report): what the regulator asked of the carrier — the damage, the handling of
 * the victims, the causes and the measures taken — built from the live data in the reader's scope
 * (a bank's staff: their bank's cases, control changes and audit entries only). No clock in it:
 * two downloads of the same state are the same bytes (and digests). Pure (no server-only).
 */
export const REPORT_FORMAT = "linkguard.incident-report/1";

const instant = z.string().meta({ format: "date-time" });
const yen = z.number().int();
const count = z.number().int();
const bankRef = { bankCode: z.string(), nameJa: z.string(), nameEn: z.string() };

export const reportControlChange = z.object({
  at: instant,
  ...bankRef,
  control: z.enum(CONTROLS),
  fromState: z.enum(CONTROL_STATES),
  toState: z.enum(CONTROL_STATES),
  reason: z.string(),
});
export type ReportControlChange = z.output<typeof reportControlChange>;

export const reportTimelineEntry = z.discriminatedUnion("kind", [
  /** The earliest fraudulent transaction of the incident (in scope). */
  z.object({ kind: z.literal("first_fraud"), at: instant, ...bankRef, caseReference: z.string() }),
  /** Each bank's earliest fraudulent transaction. */
  z.object({ kind: z.literal("bank_first_fraud"), at: instant, ...bankRef, caseReference: z.string() }),
  reportControlChange.extend({ kind: z.literal("control_change") }),
]);
export type ReportTimelineEntry = z.output<typeof reportTimelineEntry>;

export const reportBank = caseFigures.extend({
  ...bankRef,
  /** The first time after the first fraud that the bank's charges were suspended (null: never). */
  chargesSuspendedAt: instant.nullable(),
  /** The first time after the first fraud that the bank's registrations were suspended or limited to strong verification. */
  registrationsTightenedAt: instant.nullable(),
});
export type ReportBank = z.output<typeof reportBank>;

export const reportCase = z.object({
  reference: z.string(),
  bankCode: z.string(),
  status: z.string(),
  outcome: z.string().nullable(),
  /** What opened the case: a detection rule's code, or manual. */
  source: z.string(),
  /** How the victim's link was verified when it was made (pin_only is the fraud's way in). */
  verification: z.string(),
  lossYen: yen,
  confirmedLossYen: yen,
  reimbursedYen: yen,
  outstandingYen: yen,
  firstFraudAt: instant.nullable(),
});
export type ReportCase = z.output<typeof reportCase>;

export const reportAuditEntry = z.object({
  seq: count,
  at: instant,
  action: z.string(),
  actor: z.string(),
  bankCode: z.string().nullable(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  hash: z.string(),
});
export type ReportAuditEntry = z.output<typeof reportAuditEntry>;

export const incidentReport = z.object({
  format: z.literal(REPORT_FORMAT),
  incident: z.object({ id: z.string(), reference: z.string(), title: z.string(), description: z.string(), status: z.enum(INCIDENT_STATUSES), startedAt: instant }),
  scope: z.object({ kind: z.enum(["all", "bank"]), bankCode: z.string().nullable() }),
  /** From the incident's start or its first fraud, whichever is earlier: control changes and audit entries from then on. */
  periodFrom: instant,
  totals: caseFigures.extend({ banksHit: count.nullable() }),
  /** The first fraud, each bank's first fraud and every control change in scope from the period's start, oldest first. */
  timeline: z.array(reportTimelineEntry),
  /** Damage per bank (banks with cases), by confirmed loss. */
  banks: z.array(reportBank),
  victims: z.object({
    byStatus: z.record(z.string(), count),
    byOutcome: z.record(z.string(), count),
    reimbursements: reimbursementProgress,
    /** Paid ÷ (paid + refused), by count; null before any decision. */
    compensationRate: z.number().nullable(),
  }),
  causes: z.object({
    /** What opened the cases (rule codes, manual). */
    bySource: z.array(z.object({ source: z.string(), cases: count })),
    /** How the victims' links were verified. */
    byVerification: z.array(z.object({ verification: z.string(), cases: count })),
  }),
  measures: z.object({
    /** Every control change in scope from the period's start (the carrier: every bank's). */
    controlChanges: z.array(reportControlChange),
    /** Detection rules switched on from the period's start (for readers of rules). */
    rulesEnabled: z.array(z.object({ at: instant, code: z.string(), mode: z.string() })),
    /** The audit entries of those control changes (control.*), with their chain hashes. */
    audit: z.array(reportAuditEntry),
  }),
  cases: z.array(reportCase),
});
export type IncidentReport = z.output<typeof incidentReport>;

export const reportQuery = z.object({
  /** `zip`: the bundle (report.json, CSV files, manifest.json and SHA256SUMS); default JSON. */
  format: z.enum(["json", "zip"]).default("json"),
});
