import { CASE_FILTER_KEYS, DEFAULT_CASE_ORDER, type CaseFilterKey, type CaseSort } from "@/lib/cases/constants";

/**
 * The queue's state lives in the URL: the filter keys of lib/cases/constants.ts, in that order, then
 * the page: `limit` (rows a page) and `cursor`. A saved view and a bulk selection keep the filters only.
 */
export type QueueSearch = Partial<Record<CaseFilterKey | "limit" | "cursor", string>>;
const PAGE_KEYS = ["limit", "cursor"] as const;
/** The rows-a-page choices (the API's default is the first). */
export const PAGE_SIZES = ["50", "25", "100"] as const;

/** The known, non-empty parameters of a page's searchParams (the first value of a repeated one). */
export function pickQueueSearch(raw: Record<string, string | string[] | undefined>): QueueSearch {
  const out: QueueSearch = {};
  for (const key of [...CASE_FILTER_KEYS, ...PAGE_KEYS]) {
    const v = raw[key];
    const s = (Array.isArray(v) ? v[0] : v)?.trim();
    if (s) out[key] = s;
  }
  return out;
}

/** The filters and the page size, without the page's cursor (a new filter or sort starts at the first page). */
export function withoutCursor(s: QueueSearch): QueueSearch {
  const { cursor: _cursor, ...rest } = s;
  void _cursor;
  return rest;
}

/** The filters alone: what a saved view and "all N matching" carry. */
export function filtersOnly(s: QueueSearch): string {
  const p = new URLSearchParams();
  for (const key of CASE_FILTER_KEYS) if (s[key]) p.set(key, s[key]!);
  return p.toString();
}

/** "status=new&assignee=me" (no leading "?"), the page size, and `cursor` for another page. */
export function queueString(s: QueueSearch, cursor?: string | null): string {
  const p = new URLSearchParams(filtersOnly(s));
  if (s.limit) p.set("limit", s.limit);
  const c = cursor === undefined ? s.cursor : cursor;
  if (c) p.set("cursor", c);
  return p.toString();
}

export function queueHref(s: QueueSearch, cursor?: string | null): string {
  const qs = queueString(s, cursor);
  return qs ? `/cases?${qs}` : "/cases";
}

/** The sort the URL asks for, and its direction (each sort's natural one by default). */
export function sortOfSearch(s: QueueSearch): { sort: CaseSort; order: "asc" | "desc" } {
  const sort = (["due", "loss", "opened", "activity"] as const).find((x) => x === s.sort) ?? "due";
  const order = s.order === "asc" || s.order === "desc" ? s.order : DEFAULT_CASE_ORDER[sort];
  return { sort, order };
}

const DAY_MS = 86_400_000;

/**
 * The due tag of an open case: whole days left (0: under a day) or days late (any part of a day
 * past due counts as one), from `now`.
 */
export function dueTag(dueAt: string, now: number): { late: boolean; days: number } {
  const diff = Date.parse(dueAt) - now;
  return diff >= 0 ? { late: false, days: Math.floor(diff / DAY_MS) } : { late: true, days: Math.ceil(-diff / DAY_MS) };
}
