import { z } from "zod";
import { isUuid } from "@/lib/http/cursor";
import { CONTROL_STATES, CONTROLS } from "@/lib/controls/constants";
import { closedObject } from "@/lib/decisions/schemas";

/**
 * Incidents (GET /api/v1/incidents, GET /api/v1/incidents/{incidentId}): a campaign of cases, its
 * cases and losses per bank, first and last fraud, the control changes at the affected banks on one
 * timeline with the cases' confirmations, and reimbursement progress. Everything is counted over the
 * cases in the caller's scope: a bank's staff get their own bank's row and totals, never another
 * bank's name or figures (not even how many banks were hit). Pure (no server-only).
 */
export const INCIDENT_STATUSES = ["open", "contained", "closed"] as const;
export const INCIDENT_LIST_MAX = 200;

export const incidentIdParam = z
  .string()
  .refine((s) => isUuid(s) || /^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/.test(s), "An incident id or reference.")
  .meta({ description: "The incident's id (UUID) or reference (INC-2020-001)" });

const yen = z.number().int();
const count = z.number().int();
const instant = z.string().meta({ format: "date-time" });

/** The figures of a set of cases: all of them, confirmed, still open; losses; reimbursed; outstanding. */
export const caseFigures = z.object({
  cases: count,
  confirmedCases: count,
  openCases: count,
  /** Sum of the transactions marked fraudulent on the cases. */
  lossYen: yen,
  /** Sum of the confirmed losses (the reimbursement ceilings). */
  confirmedLossYen: yen,
  reimbursedYen: yen,
  /** Confirmed and not yet reimbursed, case by case. */
  outstandingYen: yen,
  /** The earliest and latest transaction marked fraudulent on the cases. */
  firstFraudAt: instant.nullable(),
  lastFraudAt: instant.nullable(),
});
export type CaseFigures = z.output<typeof caseFigures>;

export const incidentBank = caseFigures.extend({ bankCode: z.string(), nameJa: z.string(), nameEn: z.string() });
export type IncidentBank = z.output<typeof incidentBank>;

/**
 * The one order of banks on an incident's page and in its report, the analytics' "loss by bank"
 * order: confirmed loss, largest first, then bank code (a bank without cases in scope counts ¥0).
 * Gives a comparator of bank codes; a list of things at several banks (the timeline at one instant,
 * the measures) sorts its ties by it.
 */
export function bankOrder(banks: readonly Pick<IncidentBank, "bankCode" | "confirmedLossYen">[]): (a: string, b: string) => number {
  const loss = new Map(banks.map((b) => [b.bankCode, b.confirmedLossYen]));
  return (a, b) => (loss.get(b) ?? 0) - (loss.get(a) ?? 0) || a.localeCompare(b);
}

const progress = z.object({ count, yen });
export const reimbursementProgress = z.object({
  proposed: progress,
  approved: progress,
  paid: progress,
  rejected: progress,
});

const bankRef = { bankCode: z.string(), nameJa: z.string(), nameEn: z.string() };
export const timelineEntry = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("first_fraud"), at: instant, ...bankRef, caseReference: z.string() }),
  z.object({
    kind: z.literal("control_change"),
    at: instant,
    ...bankRef,
    control: z.enum(CONTROLS),
    fromState: z.enum(CONTROL_STATES),
    toState: z.enum(CONTROL_STATES),
  }),
  z.object({ kind: z.literal("case_confirmed"), at: instant, ...bankRef, caseReference: z.string(), confirmedLossYen: yen }),
]);
export type TimelineEntry = z.output<typeof timelineEntry>;

export const incidentSummary = z.object({
  id: z.string(),
  reference: z.string(),
  /** As stored; "日本語 / English" when it holds both languages (lib/incidents/title.ts). */
  title: z.string(),
  status: z.enum(INCIDENT_STATUSES),
  startedAt: instant,
  figures: caseFigures,
  /** Banks with cases in the incident: the carrier's figure; null for a bank's staff. */
  banksHit: count.nullable(),
});
export type IncidentSummary = z.output<typeof incidentSummary>;

export const incidentList = z.object({
  scope: z.object({ kind: z.enum(["all", "bank"]), bankCode: z.string().nullable() }),
  /** Whether the caller may create and edit incidents and attach cases (the carrier's investigators and managers). */
  canManage: z.boolean(),
  items: z.array(incidentSummary),
});
export type IncidentList = z.output<typeof incidentList>;

export const incidentDetail = incidentSummary.extend({
  description: z.string(),
  scope: z.object({ kind: z.enum(["all", "bank"]), bankCode: z.string().nullable() }),
  canManage: z.boolean(),
  /** One row per bank with cases in the incident, in the caller's scope, by confirmed loss. */
  banks: z.array(incidentBank),
  /** Oldest first: the first fraud, the control changes at the affected banks from then on, each case's confirmation. */
  timeline: z.array(timelineEntry),
  /** From the reimbursements of the incident's cases in scope, by status. */
  reimbursements: reimbursementProgress,
});
export type IncidentDetail = z.output<typeof incidentDetail>;

// ---- writes ------------------------------------------------------------------------------------

export const INCIDENT_TITLE_MAX = 200;
export const INCIDENT_DESCRIPTION_MAX = 4_000;

/** Codes a refused field carries beyond zod's own; the console words each (errors.field.*). */
export const INCIDENT_ERRORS = {
  date: "date",
  calendarDate: "calendar_date",
  nothingToChange: "nothing_to_change",
  unknownIncident: "unknown_incident",
  unknownCase: "unknown_case",
} as const;

function isCalendarDate(s: string): boolean {
  const [y, m, d] = s.split("-").map(Number);
  const date = new Date(Date.UTC(y!, m! - 1, d!));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m! - 1 && date.getUTCDate() === d;
}

const title = z.string().trim().min(1).max(INCIDENT_TITLE_MAX).meta({ description: `The title (1–${INCIDENT_TITLE_MAX} characters); "日本語 / English" holds both languages` });
const description = z.string().trim().max(INCIDENT_DESCRIPTION_MAX).meta({ description: "What is known of the campaign (plain text)" });
/** A Japan-time calendar day: the day the campaign started (stored as 00:00 Japan time). */
const startedOn = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, INCIDENT_ERRORS.date)
  .refine(isCalendarDate, INCIDENT_ERRORS.calendarDate)
  .meta({ description: "The Japan-time day the campaign started (YYYY-MM-DD); the reference's year is this day's" });

/** POST /api/v1/incidents: a new incident, referenced INC-<year of its start>-<next number>. */
export const incidentCreateRequest = z.strictObject({ title, description: description.default(""), startedOn, status: z.enum(INCIDENT_STATUSES).default("open") }, closedObject);
export type IncidentCreateRequest = z.output<typeof incidentCreateRequest>;

/** PATCH /api/v1/incidents/{incidentId}: any of the title, description, start day and status. */
export const incidentUpdateRequest = z
  .strictObject({ title: title.optional(), description: description.optional(), startedOn: startedOn.optional(), status: z.enum(INCIDENT_STATUSES).optional() }, closedObject)
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: INCIDENT_ERRORS.nothingToChange, path: ["title"] });
export type IncidentUpdateRequest = z.input<typeof incidentUpdateRequest>;

/** POST /api/v1/incidents/{incidentId}/cases: attach one case (id or reference) to the incident. */
export const incidentAttachRequest = z.strictObject(
  {
    caseId: z.string().trim().min(1).max(64).meta({ description: "The case's id or reference (CASE-…)" }),
    version: z.number().int().min(1).optional().meta({ description: "The case's version as read (409 stale_version when it has moved on); without it, the case as it is" }),
  },
  closedObject,
);
export type IncidentAttachRequest = z.input<typeof incidentAttachRequest>;

export const incidentWriteResult = z.object({ id: z.string(), reference: z.string(), title: z.string(), description: z.string(), status: z.enum(INCIDENT_STATUSES), startedAt: instant });
export type IncidentWriteResult = z.output<typeof incidentWriteResult>;
