/** The accounts list's state lives in the URL: these keys, in this order, and nothing else. */
export const FILTER_KEYS = ["q", "bank", "status", "verification", "linkedFrom", "linkedTo", "hasOpenCase", "sort", "order"] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type AccountsSearch = Partial<Record<FilterKey | "cursor", string>>;

/** The known, non-empty parameters of a page's searchParams (the first value of a repeated one). */
export function pickSearch(raw: Record<string, string | string[] | undefined>): AccountsSearch {
  const out: AccountsSearch = {};
  for (const key of [...FILTER_KEYS, "cursor"] as const) {
    const v = raw[key];
    const s = (Array.isArray(v) ? v[0] : v)?.trim();
    if (s) out[key] = s;
  }
  return out;
}

export function withoutCursor(s: AccountsSearch): AccountsSearch {
  const { cursor: _cursor, ...filters } = s;
  void _cursor;
  return filters;
}

/** "q=ﾔﾏﾀﾞ&status=active" (no leading "?"); with `cursor` for another page. */
export function searchString(s: AccountsSearch, cursor?: string | null): string {
  const p = new URLSearchParams();
  for (const key of FILTER_KEYS) if (s[key]) p.set(key, s[key]!);
  const c = cursor === undefined ? s.cursor : cursor;
  if (c) p.set("cursor", c);
  return p.toString();
}

export function accountsHref(s: AccountsSearch, cursor?: string | null): string {
  const qs = searchString(s, cursor);
  return qs ? `/accounts?${qs}` : "/accounts";
}
