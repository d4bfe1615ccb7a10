/** The audit view's state lives in the URL: these keys, in this order, and nothing else. */
export const FILTER_KEYS = ["action", "actor", "entityType", "entityId", "bank", "from", "to"] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type AuditSearch = Partial<Record<FilterKey | "cursor", string>>;

/** The known, non-empty parameters of a page's searchParams (the first value of a repeated one). */
export function pickSearch(raw: Record<string, string | string[] | undefined>): AuditSearch {
  const out: AuditSearch = {};
  for (const key of [...FILTER_KEYS, "cursor"] as const) {
    const v = raw[key];
    const s = (Array.isArray(v) ? v[0] : v)?.trim();
    if (s) out[key] = s;
  }
  return out;
}

export function withoutCursor(s: AuditSearch): AuditSearch {
  const { cursor: _cursor, ...filters } = s;
  void _cursor;
  return filters;
}

/** "action=controls.&from=2020-09-14" (no leading "?"); with `cursor` for a later page. */
export function searchString(s: AuditSearch, cursor?: string | null): string {
  const p = new URLSearchParams();
  for (const key of FILTER_KEYS) if (s[key]) p.set(key, s[key]!);
  const c = cursor === undefined ? s.cursor : cursor;
  if (c) p.set("cursor", c);
  return p.toString();
}

export function auditHref(s: AuditSearch, cursor?: string | null): string {
  const qs = searchString(s, cursor);
  return qs ? `/audit?${qs}` : "/audit";
}
