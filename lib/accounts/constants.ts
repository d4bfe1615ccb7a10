/**
 * The accounts' enums and limits, without zod: the console's filters and actions import these (and
 * schemas.ts builds its shapes on them) so a page that only shows links does not load zod.
 */
export const LINK_STATUSES = ["active", "frozen", "removed"] as const;
export const VERIFICATIONS = ["pin_only", "otp", "identity_document"] as const;
export const ACCOUNT_TYPES = ["ordinary", "current", "savings"] as const;
export const LINK_SORTS = ["linked_at", "charges_7d"] as const;
export const SORT_ORDERS = ["desc", "asc"] as const;
/** The cases' statuses, from the cases area: a case that is not closed is open. */
export { CASE_OUTCOMES, CASE_STATUSES, OPEN_CASE_STATUSES } from "@/lib/cases/constants";

export type LinkStatus = (typeof LINK_STATUSES)[number];
export type Verification = (typeof VERIFICATIONS)[number];
export type LinkSort = (typeof LINK_SORTS)[number];
export type SortOrder = (typeof SORT_ORDERS)[number];

export const PAGE_DEFAULT = 50;
export const PAGE_MAX = 200;
export const SEARCH_MAX = 100;
export const REASON_MIN = 5;
export const REASON_MAX = 500;
