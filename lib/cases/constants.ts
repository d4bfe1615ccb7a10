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

/** A snooze reaches at most this far ahead: a case is not put away for longer. */
export const SNOOZE_MAX_DAYS = 90;

/**
 * Why a write on a case was refused, as the machine code of the problem (and of its field, for the
 * 422s). The bulk actions report these per case; the console words each (errors namespace).
 */
export const CASE_REFUSALS = {
  /** 409: the transition is not one of TRANSITIONS (params from, to). */
  illegalTransition: "illegal_transition",
  /** 422 `outcome`: closing needs an outcome. */
  outcomeRequired: "outcome_required",
  /** 422 `outcome`: an outcome is given only when closing. */
  outcomeNotClosing: "outcome_not_closing",
  /** 409: closing as confirmed fraud needs at least one transaction marked fraudulent. */
  noFraudulentTransactions: "no_fraudulent_transactions",
  /** 409: closing would leave the confirmed loss under what was already reimbursed. */
  reimbursedOverConfirmed: "reimbursed_over_confirmed",
  /** 409: reopening while another case of the same link is open (params reference, when known). */
  anotherCaseOpen: "another_case_open",
  /** 422 `reason`: reopening a closed case needs a reason. */
  reopenReasonRequired: "reopen_reason_required",
  /** 422 `reason`: taking someone else's case (or unassigning it) needs a reason. */
  reassignReasonRequired: "reassign_reason_required",
  /** 422 `assigneeId`: not an active investigator who may see the case's bank. */
  assigneeNotEligible: "assignee_not_eligible",
  /** 409: the case is closed: its assignee, severity, snooze and marks no longer change. */
  caseClosed: "case_closed",
  /** 409: the write would change nothing (same status, assignee, severity, incident or mark). */
  unchanged: "unchanged",
  /** 422 `until`: a snooze ends in the future… */
  snoozePast: "snooze_past",
  /** 422 `until`: …and at most SNOOZE_MAX_DAYS ahead. */
  snoozeTooFar: "snooze_too_far",
  /** 409: un-snoozing a case that is not snoozed. */
  notSnoozed: "not_snoozed",
  /** 422 `incidentId`: no such incident. */
  unknownIncident: "unknown_incident",
} as const;
export type CaseRefusal = (typeof CASE_REFUSALS)[keyof typeof CASE_REFUSALS];

/** How a related case is related to this one: through its link's wallet, e-mail, bank account, device or IP address. */
export const RELATIONS = ["wallet", "email", "account", "device", "ip"] as const;
export type Relation = (typeof RELATIONS)[number];

/** What the case file's timeline shows: the case's own events, and its bank's control changes in the case's time span. */
/** The case_events kinds (db/schema/enums.ts case_event_kind is made from this list). */
export const CASE_EVENT_KINDS = [
  "opened",
  "status_changed",
  "assigned",
  "note",
  "evidence_added",
  "transaction_linked",
  "transaction_unlinked",
  "reimbursement_proposed",
  "reimbursement_decided",
  "outcome_set",
  "reopened",
  "severity_changed",
  "snoozed",
  "unsnoozed",
  "incident_attached",
  "rule_hit",
  "transaction_marked",
  "reimbursement_paid",
  "reimbursement_returned",
] as const;

export const TIMELINE_KINDS = [...CASE_EVENT_KINDS, "control_changed"] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** The case file shows at most this many transactions (the newest, plus every marked one), timeline entries and related cases. */
export const FILE_TRANSACTIONS_MAX = 300;
export const FILE_TIMELINE_MAX = 300;
export const FILE_RELATED_MAX = 100;
// ---- the queue (GET /api/v1/cases, saved views, take-next, bulk) ---------------------------------

/** The queue's sorts: due date, loss, age (opened), last activity. */
export const CASE_SORTS = ["due", "loss", "opened", "activity"] as const;
export type CaseSort = (typeof CASE_SORTS)[number];
export const CASE_SORT_ORDERS = ["asc", "desc"] as const;
export type CaseSortOrder = (typeof CASE_SORT_ORDERS)[number];
/** Each sort's natural direction: most urgent, largest, oldest, most recent first. */
export const DEFAULT_CASE_ORDER: Record<CaseSort, CaseSortOrder> = { due: "asc", loss: "desc", opened: "asc", activity: "desc" };
/** SLA states of the queue's filter: past due, or due within DUE_SOON_HOURS (open cases only). */
export const SLA_STATES = ["overdue", "due_24h"] as const;
export type SlaState = (typeof SLA_STATES)[number];
/** Snoozed cases are hidden unless asked: `include` lists them too, `only` lists them alone. */
export const SNOOZED_MODES = ["include", "only"] as const;
/** `status=all` lists every status; without `status` the queue lists the open ones. */
export const ALL_STATUSES = "all";
/** The assignee filter's words beside a person's id. */
export const ASSIGNEE_ME = "me";
export const ASSIGNEE_NONE = "unassigned";
/** A bulk action over "all N matching" acts on at most this many cases (the answer says when it stopped). */
export const BULK_CAP = 5_000;
/** A bulk action naming cases by id takes at most this many. */
export const BULK_IDS_MAX = 500;
export const BULK_ACTIONS = ["assign", "status", "incident", "snooze"] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];
export const SEARCH_MAX = 100;

/** Saved views: a name, and the queue's filters as a query string. */
export const VIEW_NAME_MAX = 60;
export const VIEW_QUERY_MAX = 1_000;
export const VIEWS_PER_PERSON = 50;
/** The views every person has (constants, not rows): their ids are these words, never a UUID. */
export const BUILT_IN_VIEWS = [
  { id: "mine", query: "assignee=me" },
  { id: "unassigned", query: "assignee=unassigned" },
] as const;
export type BuiltInViewId = (typeof BUILT_IN_VIEWS)[number]["id"];

/** The queue's state in the URL: these keys, in this order (with `cursor`), and nothing else. */
export const CASE_FILTER_KEYS = ["q", "status", "outcome", "severity", "bank", "assignee", "incident", "sla", "lossMin", "lossMax", "snoozed", "sort", "order"] as const;
export type CaseFilterKey = (typeof CASE_FILTER_KEYS)[number];
