import { z } from "zod";
import { CURSOR_ERROR, cursorParam, isUuid } from "@/lib/http/cursor";
import {
  ALL_STATUSES,
  ASSIGNEE_ME,
  ASSIGNEE_NONE,
  BULK_IDS_MAX,
  CASE_FILTER_KEYS,
  CASE_OUTCOMES,
  CASE_SEVERITIES,
  CASE_SORT_ORDERS,
  CASE_SORTS,
  CASE_STATUSES,
  OPEN_CASE_STATUSES,
  PAGE_DEFAULT,
  PAGE_MAX,
  REASON_MAX,
  REASON_MIN,
  SEARCH_MAX,
  SLA_STATES,
  SNOOZED_MODES,
  VIEW_NAME_MAX,
  VIEW_QUERY_MAX,
  type CaseStatus,
} from "./constants";
import { classifyCaseSearch } from "./search";

/**
 * The shapes of the cases routes, the OpenAPI document and the console. Pure (no server-only),
 * built on constants.ts, which client code imports instead of this file (so pages load no zod).
 */

/** The codes refused input carries; the console words each in its own language. */
export const CASES_ERRORS = {
  invalidValue: "invalid_value",
  bankCode: "bank_code",
  unknownBank: "unknown_bank",
  assignee: "assignee",
  unknownIncident: "unknown_incident",
  lossRange: "max_below_min",
  amount: "amount",
  search: "search",
  searchShort: "search_short",
  searchLong: "too_long",
  cursor: CURSOR_ERROR,
  cursorSort: "cursor_sort",
  limit: "limit",
  viewName: "view_name",
  viewNameTaken: "view_name_taken",
  tooManyViews: "too_many_views",
  reasonShort: "reason_short",
  reasonLong: "too_long",
  required: "required",
} as const;

/** An empty form field ("?status=") means "no filter", not "match the empty string". */
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** A comma-separated list of enum values ("new,triage"), each known; the order and repeats do not matter. */
function enumList<const T extends readonly [string, ...string[]]>(values: T) {
  return z.preprocess(
    blankToUndefined,
    z
      .string()
      .max(200, CASES_ERRORS.invalidValue)
      .transform((s) => [...new Set(s.split(",").map((x) => x.trim()).filter(Boolean))])
      .pipe(z.array(z.enum(values, { error: CASES_ERRORS.invalidValue })).min(1, CASES_ERRORS.invalidValue))
      .optional(),
  );
}

const yen = z.preprocess(
  blankToUndefined,
  z.coerce.number({ error: CASES_ERRORS.amount }).int(CASES_ERRORS.amount).min(0, CASES_ERRORS.amount).max(1e12, CASES_ERRORS.amount).optional(),
);

const filterShape = {
  /**
   * A case reference (C-2020-0042, or its beginning), the holder name in half- or full-width
   * katakana (prefix), an e-mail (prefix, any case), a wallet id (prefix) or the account's last
   * four digits.
   */
  q: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .max(SEARCH_MAX, CASES_ERRORS.searchLong)
      .superRefine((q, ctx) => {
        const kind = classifyCaseSearch(q);
        if (kind.kind === "invalid") ctx.addIssue({ code: "custom", message: kind.reason === "short" ? CASES_ERRORS.searchShort : CASES_ERRORS.search });
      })
      .optional(),
  ),
  /** Statuses, comma-separated (`new,triage`), or `all`; without it, the open ones (new, triage, investigating). */
  status: z.preprocess(
    (v) => (blankToUndefined(v) === undefined ? undefined : String(v).trim() === ALL_STATUSES ? CASE_STATUSES.join(",") : v),
    enumList(CASE_STATUSES),
  ),
  /** How closed cases ended, comma-separated. */
  outcome: enumList(CASE_OUTCOMES),
  /** Severities, comma-separated. */
  severity: enumList(CASE_SEVERITIES),
  /** The 4-digit code of one bank (bank staff: their own). */
  bank: z.preprocess(blankToUndefined, z.string().trim().regex(/^\d{4}$/, CASES_ERRORS.bankCode).optional()),
  /** `me`, `unassigned`, or a person's id. */
  assignee: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .refine((v) => v === ASSIGNEE_ME || v === ASSIGNEE_NONE || isUuid(v), CASES_ERRORS.assignee)
      .transform((v) => (isUuid(v) ? v.toLowerCase() : v))
      .optional(),
  ),
  /** An incident's id or reference (INC-2020-001). */
  incident: z.preprocess(blankToUndefined, z.string().trim().max(100, CASES_ERRORS.unknownIncident).optional()),
  /** `overdue` (past due) or `due_24h` (due within 24 hours); open cases only. */
  sla: z.preprocess(blankToUndefined, z.enum(SLA_STATES, { error: CASES_ERRORS.invalidValue }).optional()),
  /** Loss at least this many yen. */
  lossMin: yen,
  /** Loss at most this many yen. */
  lossMax: yen,
  /** Snoozed cases are hidden; `include` lists them too, `only` lists them alone. */
  snoozed: z.preprocess(blankToUndefined, z.enum(SNOOZED_MODES, { error: CASES_ERRORS.invalidValue }).optional()),
  /** due (default), loss, opened (age) or activity (last activity). */
  sort: z.preprocess(blankToUndefined, z.enum(CASE_SORTS, { error: CASES_ERRORS.invalidValue }).default("due")),
  /** Default: the sort's natural direction (due and opened ascending, loss and activity descending). */
  order: z.preprocess(blankToUndefined, z.enum(CASE_SORT_ORDERS, { error: CASES_ERRORS.invalidValue }).optional()),
};

function lossRange(v: { lossMin?: number; lossMax?: number }, ctx: z.RefinementCtx) {
  if (v.lossMin !== undefined && v.lossMax !== undefined && v.lossMax < v.lossMin) ctx.addIssue({ code: "custom", path: ["lossMax"], message: CASES_ERRORS.lossRange });
}

/** The queue's filters and sort, without the page (a saved view; a bulk action's "all matching"). */
export const caseFilters = z.object(filterShape).superRefine(lossRange);
export type CaseFilters = z.output<typeof caseFilters>;

const limitParam = z.preprocess(
  blankToUndefined,
  z.coerce.number({ error: CASES_ERRORS.limit }).int(CASES_ERRORS.limit).min(1, CASES_ERRORS.limit).max(PAGE_MAX, CASES_ERRORS.limit).default(PAGE_DEFAULT),
);

/** GET /api/v1/cases. */
export const caseListQuery = z.object({ ...filterShape, cursor: cursorParam, limit: limitParam }).superRefine(lossRange);
export type CaseListQuery = z.output<typeof caseListQuery>;

/** The statuses a filter lists: the open ones when it names none. */
export function statusesOf(f: Pick<CaseFilters, "status">): CaseStatus[] {
  return f.status ?? [...OPEN_CASE_STATUSES];
}

// ---- responses -------------------------------------------------------------------------------

export const caseListItem = z.object({
  id: z.string(),
  reference: z.string(),
  bankCode: z.string(),
  bankNameJa: z.string(),
  bankNameEn: z.string(),
  linkId: z.string(),
  /** The victim: the account holder's name in katakana, and only the account's last four digits (****1234). */
  holderName: z.string(),
  accountNumberMasked: z.string(),
  status: z.enum(CASE_STATUSES),
  outcome: z.enum(CASE_OUTCOMES).nullable(),
  severity: z.enum(CASE_SEVERITIES),
  priority: z.number().int(),
  assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
  incident: z.object({ id: z.string(), reference: z.string() }).nullable(),
  /** Sum of the transactions marked fraudulent. */
  lossYen: z.number().int(),
  reimbursedYen: z.number().int(),
  /** The confirmed loss (once closed as confirmed fraud), else the current loss, less what was reimbursed; never below 0. */
  outstandingYen: z.number().int(),
  /** ISO 8601, UTC, to the microsecond (the console shows Japan time). */
  openedAt: z.string(),
  dueAt: z.string(),
  lastActivityAt: z.string(),
  snoozedUntil: z.string().nullable(),
  version: z.number().int(),
});
export type CaseListItem = z.output<typeof caseListItem>;

export const casePage = z.object({
  items: z.array(caseListItem),
  /** Pass as `cursor` for the following page; null on the last page. */
  nextCursor: z.string().nullable(),
  /** Pass as `cursor` for the page before; null on the first page. */
  prevCursor: z.string().nullable(),
  hasMore: z.boolean(),
  /** On the first page: how many cases match, counted up to the bulk cap (`capped`: more than that). Null on later pages. */
  matching: z.object({ count: z.number().int(), capped: z.boolean() }).nullable(),
});
export type CasePage = z.output<typeof casePage>;

// ---- saved views -----------------------------------------------------------------------------

export const savedViewRequest = z.object({
  name: z
    .string({ error: CASES_ERRORS.required })
    .trim()
    .min(1, CASES_ERRORS.required)
    .max(VIEW_NAME_MAX, CASES_ERRORS.viewName),
  /** The queue's filters as its URL gives them (`status=new&assignee=me`, without "?"); page cursors are dropped. */
  query: z.string().trim().max(VIEW_QUERY_MAX, CASES_ERRORS.invalidValue),
});
export type SavedViewInput = z.input<typeof savedViewRequest>;

export const savedView = z.object({
  /** A UUID for a saved view; `mine` or `unassigned` for the built-in ones. */
  id: z.string(),
  /** The person's name for it; null for a built-in view (the console names those). */
  name: z.string().nullable(),
  query: z.string(),
  builtIn: z.boolean(),
  createdAt: z.string().nullable(),
});
export type SavedView = z.output<typeof savedView>;

export const savedViewList = z.object({ items: z.array(savedView) });
export type SavedViewList = z.output<typeof savedViewList>;

export const viewIdParam = z.string().refine(isUuid, "A UUID.").meta({ format: "uuid" });

// ---- take next -------------------------------------------------------------------------------

export const takeNextResult = z.object({
  id: z.string(),
  reference: z.string(),
  bankCode: z.string(),
  status: z.enum(CASE_STATUSES),
  severity: z.enum(CASE_SEVERITIES),
  dueAt: z.string(),
  assigneeId: z.string(),
  version: z.number().int(),
});
export type TakeNextResult = z.output<typeof takeNextResult>;

// ---- bulk ------------------------------------------------------------------------------------

const reason = z.preprocess(
  blankToUndefined,
  z.string().trim().min(REASON_MIN, CASES_ERRORS.reasonShort).max(REASON_MAX, CASES_ERRORS.reasonLong).optional(),
);

/** Which cases: named (each with the version the person read), or every case matching the queue's filters (up to the cap). */
export const bulkTarget = z.union([
  z.object({
    ids: z
      .array(z.object({ id: z.string().refine(isUuid, "A UUID."), version: z.number().int().min(1).optional() }))
      .min(1)
      .max(BULK_IDS_MAX),
  }),
  z.object({
    /** The queue's filters as its URL gives them (without "?"): the server lists them again and acts on each, in queue order. */
    filter: z.string().max(VIEW_QUERY_MAX),
  }),
]);

export const bulkRequest = z.discriminatedUnion("action", [
  z.object({
    action: z.literal("assign"),
    target: bulkTarget,
    /** The investigator to assign; null unassigns. */
    assigneeId: z.string().refine(isUuid, "A UUID.").nullable(),
    /** Needed for a case assigned to someone else already (a reassignment). */
    reason,
  }),
  z.object({ action: z.literal("status"), target: bulkTarget, to: z.enum(CASE_STATUSES), outcome: z.enum(CASE_OUTCOMES).optional(), reason }),
  z.object({ action: z.literal("incident"), target: bulkTarget, /** An incident's id or reference; null detaches. */ incidentId: z.string().trim().min(1).max(100).nullable() }),
  z.object({ action: z.literal("snooze"), target: bulkTarget, /** ISO 8601 instant in the future (at most 90 days ahead). */ until: z.iso.datetime({ offset: true }) }),
]);
export type BulkRequest = z.output<typeof bulkRequest>;
export type BulkRequestInput = z.input<typeof bulkRequest>;

export const bulkItem = z.object({
  id: z.string(),
  reference: z.string().nullable(),
  ok: z.boolean(),
  /**
   * When not done: why, as the single-case operation's machine code (`stale` when the case changed
   * since the version given, `not_found`, `illegal_transition`, `case_closed`, `unchanged`,
   * `reassign_reason_required`, `assignee_not_eligible`, `snooze_past`, `unknown_incident`…).
   */
  code: z.string().nullable(),
  /** What fills in the code's message (an illegal transition's from and to). */
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  /** The case's version after the change (done), or as it is (stale). */
  version: z.number().int().nullable(),
});
export type BulkItem = z.output<typeof bulkItem>;

export const bulkResult = z.object({
  action: z.string(),
  /** Cases selected (for a filter: matching, up to the cap). */
  selected: z.number().int(),
  /** True when the filter matched more cases than the cap: only the first `selected` (in queue order) were acted on. */
  capped: z.boolean(),
  done: z.number().int(),
  refused: z.number().int(),
  items: z.array(bulkItem),
});
export type BulkResult = z.output<typeof bulkResult>;

/**
 * The queue's filters in a query string as the queue's URL carries it (a saved view, a bulk
 * selection): the known filter keys only (no cursor), in the queue's key order, and their parse.
 */
export function queueFiltersOf(raw: string) {
  const given = new URLSearchParams(raw.replace(/^\?/, ""));
  const picked: Record<string, string> = {};
  for (const key of CASE_FILTER_KEYS) {
    const v = given.get(key)?.trim();
    if (v) picked[key] = v;
  }
  return { picked, parsed: caseFilters.safeParse(picked) };
}
