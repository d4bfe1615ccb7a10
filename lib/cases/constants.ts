/**
 * The cases' enums, transitions and limits, without zod: the queue's filters and the case file's
 * actions import these (schemas.ts builds its shapes on them), so a page does not load zod for them.
 */
export const CASE_STATUSES = ["new", "triage", "investigating", "closed"] as const;
export const OPEN_CASE_STATUSES = ["new", "triage", "investigating"] as const;
export const CASE_OUTCOMES = ["confirmed_fraud", "not_fraud", "inconclusive"] as const;
export const CASE_SEVERITIES = ["low", "medium", "high", "critical"] as const;

export type CaseStatus = (typeof CASE_STATUSES)[number];
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];
export type CaseSeverity = (typeof CASE_SEVERITIES)[number];

/**
 * The workflow: forward one step at a time, or straight to closed (with an outcome) from any open
 * status; back one step when a case was moved too early. Reopening a closed case (to investigating)
 * needs a reason. Anything else is refused on the server (lib/cases/workflow.ts).
 */
export const TRANSITIONS: Record<CaseStatus, readonly CaseStatus[]> = {
  new: ["triage", "investigating", "closed"],
  triage: ["new", "investigating", "closed"],
  investigating: ["triage", "closed"],
  closed: ["investigating"],
};

export function canTransition(from: CaseStatus, to: CaseStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Severity order, for raising a case's severity when more hits come in. */
export const SEVERITY_RANK: Record<CaseSeverity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

export function higherSeverity(a: CaseSeverity, b: CaseSeverity): CaseSeverity {
  return SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b;
}

/** The SLA per severity when the database has none (the migration seeds the same hours). */
export const DEFAULT_SLA_HOURS: Record<CaseSeverity, number> = { critical: 24, high: 72, medium: 120, low: 240 };

/** "Due within 24 h" in the queue's SLA filter. */
export const DUE_SOON_HOURS = 24;

export const NOTE_MAX = 10_000;
export const REASON_MIN = 5;
export const REASON_MAX = 500;
export const PAGE_DEFAULT = 50;
export const PAGE_MAX = 200;
