/** The /reimbursements page's state lives in the URL: these keys, in this order, and nothing else. */
export const FILTER_KEYS = ["queue", "bank", "status", "from", "to"] as const;
export type ReimbursementsSearch = Partial<Record<(typeof FILTER_KEYS)[number] | "cursor", string>>;

/** The known, non-empty parameters of a page's searchParams (the first value of a repeated one). */
export function pickSearch(raw: Record<string, string | string[] | undefined>): ReimbursementsSearch {
  const out: ReimbursementsSearch = {};
  for (const key of [...FILTER_KEYS, "cursor"] as const) {
    const v = raw[key];
    const s = (Array.isArray(v) ? v[0] : v)?.trim();
    if (s) out[key] = s;
  }
  return out;
}

/** "queue=approved&bank=0101" (no leading "?"); `cursor` for another page (null: the first). */
export function searchString(s: ReimbursementsSearch, cursor?: string | null): string {
  const p = new URLSearchParams();
  for (const key of FILTER_KEYS) if (s[key]) p.set(key, s[key]!);
  const c = cursor === undefined ? s.cursor : cursor;
  if (c) p.set("cursor", c);
  return p.toString();
}

export function reimbursementsHref(s: ReimbursementsSearch, cursor?: string | null): string {
  const qs = searchString(s, cursor);
  return qs ? `/reimbursements?${qs}` : "/reimbursements";
}

/** What the API is asked: the "all" tab is no queue. */
export function apiSearch(s: ReimbursementsSearch): ReimbursementsSearch {
  const { queue, ...rest } = s;
  return queue && queue !== "all" ? { queue, ...rest } : rest;
}
