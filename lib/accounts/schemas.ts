import { z } from "zod";
import { classifySearch } from "./search";
import { CURSOR_ERROR, cursorParam } from "@/lib/http/cursor";
import { ACCOUNT_TYPES, CASE_OUTCOMES, CASE_STATUSES, LINK_SORTS, LINK_STATUSES, PAGE_DEFAULT, PAGE_MAX, REASON_MAX, REASON_MIN, SEARCH_MAX, SORT_ORDERS, VERIFICATIONS } from "./constants";

/**
 * The shapes every accounts route, the OpenAPI document and the console share. Pure (no
 * server-only), built on constants.ts, which the client imports for the enums and the limits.
 */
export {
  LINK_STATUSES,
  VERIFICATIONS,
  ACCOUNT_TYPES,
  LINK_SORTS,
  SORT_ORDERS,
  CASE_STATUSES,
  OPEN_CASE_STATUSES,
  PAGE_DEFAULT,
  PAGE_MAX,
  SEARCH_MAX,
  REASON_MIN,
  REASON_MAX,
  type LinkStatus,
  type Verification,
  type LinkSort,
  type SortOrder,
} from "./constants";

/** The codes refused input carries (with zod's params); the console words each in its own language. */
export const ACCOUNTS_ERRORS = {
  date: "date",
  calendarDate: "calendar_date",
  toBeforeFrom: "to_before_from",
  bankCode: "bank_code",
  unknownBank: "unknown_bank",
  status: "invalid_value",
  verification: "invalid_value",
  hasOpenCase: "invalid_value",
  sort: "invalid_value",
  order: "invalid_value",
  cursor: CURSOR_ERROR,
  cursorSort: "cursor_sort",
  limit: "limit",
  search: "search",
  searchShort: "search_short",
  searchLong: "too_long",
  reasonRequired: "required",
  reasonShort: "reason_short",
  reasonLong: "too_long",
  noteLong: "too_long",
} as const;

/** An empty form field ("?status=") means "no filter", not "match the empty string". */
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

function isCalendarDate(s: string): boolean {
  const [y, m, d] = s.split("-").map(Number);
  const date = new Date(Date.UTC(y!, m! - 1, d!));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m! - 1 && date.getUTCDate() === d;
}

/** A Japan-time calendar day, YYYY-MM-DD. */
const jstDate = z.preprocess(
  blankToUndefined,
  z
    .string({ error: ACCOUNTS_ERRORS.date })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, ACCOUNTS_ERRORS.date)
    .refine(isCalendarDate, ACCOUNTS_ERRORS.calendarDate)
    .optional(),
);

const search = z.preprocess(
  blankToUndefined,
  z
    .string()
    .trim()
    .max(SEARCH_MAX, ACCOUNTS_ERRORS.searchLong)
    .superRefine((q, ctx) => {
      const kind = classifySearch(q);
      if (kind.kind === "invalid") ctx.addIssue({ code: "custom", message: kind.reason === "short" ? ACCOUNTS_ERRORS.searchShort : ACCOUNTS_ERRORS.search });
    })
    .optional(),
);

const filterShape = {
  /** The 4-digit code of one bank (bank staff: their own). */
  bank: z.preprocess(blankToUndefined, z.string().trim().regex(/^\d{4}$/, ACCOUNTS_ERRORS.bankCode).optional()),
  status: z.preprocess(blankToUndefined, z.enum(LINK_STATUSES, { error: ACCOUNTS_ERRORS.status }).optional()),
  verification: z.preprocess(blankToUndefined, z.enum(VERIFICATIONS, { error: ACCOUNTS_ERRORS.verification }).optional()),
  /** First Japan-time day of linking included. */
  linkedFrom: jstDate,
  /** Last Japan-time day of linking included. */
  linkedTo: jstDate,
  /** true: only links with a case that is not rejected or closed; false: only links without one. */
  hasOpenCase: z.preprocess(
    blankToUndefined,
    z
      .enum(["true", "false"], { error: ACCOUNTS_ERRORS.hasOpenCase })
      .transform((v) => v === "true")
      .optional(),
  ),
  /**
   * Wallet id (exact or prefix), e-mail (prefix, any case), the last four digits of the account
   * (exactly 4 digits) or the holder name in half- or full-width katakana (prefix).
   */
  q: search,
  sort: z.preprocess(blankToUndefined, z.enum(LINK_SORTS, { error: ACCOUNTS_ERRORS.sort }).default("linked_at")),
  order: z.preprocess(blankToUndefined, z.enum(SORT_ORDERS, { error: ACCOUNTS_ERRORS.order }).default("desc")),
};

function toNotBeforeFrom(v: { linkedFrom?: string; linkedTo?: string }, ctx: z.RefinementCtx) {
  if (v.linkedFrom && v.linkedTo && v.linkedTo < v.linkedFrom) ctx.addIssue({ code: "custom", path: ["linkedTo"], message: ACCOUNTS_ERRORS.toBeforeFrom });
}

/** GET /api/v1/accounts/export: the filters and the sort, no cursor (everything matching). */
export const linkFilters = z.object(filterShape).superRefine(toNotBeforeFrom);
export type LinkFilters = z.output<typeof linkFilters>;
export type LinkFiltersInput = z.input<typeof linkFilters>;

const limitParam = z.preprocess(
  blankToUndefined,
  z.coerce.number({ error: ACCOUNTS_ERRORS.limit }).int(ACCOUNTS_ERRORS.limit).min(1, ACCOUNTS_ERRORS.limit).max(PAGE_MAX, ACCOUNTS_ERRORS.limit).default(PAGE_DEFAULT),
);

/** GET /api/v1/accounts: filters, sort, the keyset cursor (nextCursor or prevCursor of a page) and the page size. */
export const linkListQuery = z.object({ ...filterShape, cursor: cursorParam, limit: limitParam }).superRefine(toNotBeforeFrom);
export type LinkListQuery = z.output<typeof linkListQuery>;
export type LinkListQueryInput = z.input<typeof linkListQuery>;

/** GET /api/v1/links/{linkId}/transactions. */
export const linkTransactionsQuery = z.object({
  cursor: cursorParam,
  limit: limitParam,
});
export type LinkTransactionsQuery = z.output<typeof linkTransactionsQuery>;

/** POST /api/v1/links/{linkId}/freeze and /unfreeze. */
export const freezeRequest = z.object({
  reason: z
    .string({ error: ACCOUNTS_ERRORS.reasonRequired })
    .trim()
    .min(1, ACCOUNTS_ERRORS.reasonRequired)
    .min(REASON_MIN, ACCOUNTS_ERRORS.reasonShort)
    .max(REASON_MAX, ACCOUNTS_ERRORS.reasonLong),
});
export type FreezeInput = z.input<typeof freezeRequest>;

/** POST /api/v1/links/{linkId}/cases: a first note is optional. */
export const openCaseRequest = z.object({
  note: z.preprocess(blankToUndefined, z.string().trim().max(2000, ACCOUNTS_ERRORS.noteLong).optional()),
});
export type OpenCaseInput = z.input<typeof openCaseRequest>;

// ---- responses -------------------------------------------------------------------------------

const amount = z.object({ count: z.number().int(), yen: z.number().int() });

export const linkRow = z.object({
  id: z.string(),
  bankCode: z.string(),
  bankNameJa: z.string(),
  bankNameEn: z.string(),
  branchCode: z.string(),
  accountType: z.enum(ACCOUNT_TYPES),
  /** Only the last four digits, e.g. ****1234: the full number never leaves the server (it is not even stored). */
  accountNumberMasked: z.string(),
  holderName: z.string(),
  walletId: z.string(),
  email: z.string(),
  verification: z.enum(VERIFICATIONS),
  status: z.enum(LINK_STATUSES),
  /** ISO 8601, UTC, to the microsecond. */
  linkedAt: z.string(),
  /** Charges from this link in the 7 days before the request. */
  charges7d: amount,
  /** Cases on this link that are not rejected or closed. */
  openCases: z.number().int(),
});
export type LinkRow = z.output<typeof linkRow>;

export const linkPage = z.object({
  items: z.array(linkRow),
  /** Pass as `cursor` for the following page; null on the last page. */
  nextCursor: z.string().nullable(),
  /** Pass as `cursor` for the page before; null on the first page. */
  prevCursor: z.string().nullable(),
  hasMore: z.boolean(),
  /** The planner's estimate of all matching links (first page only; never an exact count). */
  estimatedTotal: z.number().int().nullable(),
});
export type LinkPage = z.output<typeof linkPage>;

export const relatedLink = linkRow.omit({ charges7d: true, openCases: true }).extend({
  sameWallet: z.boolean(),
  sameEmail: z.boolean(),
  sameAccount: z.boolean(),
});
export type RelatedLink = z.output<typeof relatedLink>;

export const linkCase = z.object({
  id: z.string(),
  reference: z.string(),
  status: z.enum(CASE_STATUSES),
  outcome: z.enum(CASE_OUTCOMES).nullable(),
  lossYen: z.number().int(),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
});
export type LinkCase = z.output<typeof linkCase>;

export const linkDetail = z.object({
  link: linkRow.extend({ removedAt: z.string().nullable(), updatedAt: z.string() }),
  wallet: z.object({ id: z.string(), email: z.string(), status: z.enum(["active", "frozen", "closed"]), registeredAt: z.string() }),
  /** Other links of the same wallet, e-mail or bank account at banks the viewer may see, newest first. */
  related: z.array(relatedLink),
  /** True when there are more related links than listed. */
  relatedTruncated: z.boolean(),
  cases: z.array(linkCase),
});
export type LinkDetail = z.output<typeof linkDetail>;

export const linkTransaction = z.object({
  id: z.string(),
  kind: z.enum(["charge", "payment", "transfer", "refund"]),
  amountYen: z.number().int(),
  merchantName: z.string().nullable(),
  merchantCategory: z.enum(["convenience_store", "home_appliances", "online", "other"]).nullable(),
  occurredAt: z.string(),
});
export type LinkTransaction = z.output<typeof linkTransaction>;

export const linkTransactionsPage = z.object({
  items: z.array(linkTransaction),
  nextCursor: z.string().nullable(),
});
export type LinkTransactionsPage = z.output<typeof linkTransactionsPage>;

export const freezeResult = z.object({
  id: z.string(),
  status: z.enum(LINK_STATUSES),
  previousStatus: z.enum(LINK_STATUSES),
  updatedAt: z.string(),
});
export type FreezeResult = z.output<typeof freezeResult>;

export const openCaseResult = z.object({
  id: z.string(),
  reference: z.string(),
  status: z.enum(CASE_STATUSES),
  /** False when the link already had an open case: the report was added to it (its priority rose). */
  created: z.boolean(),
  linkId: z.string(),
  bankCode: z.string(),
  openedAt: z.string(),
});
export type OpenCaseResult = z.output<typeof openCaseResult>;
