/**
 * The page's filters as the URL holds them (period preset or custom days, banks, incident) and
 * what the API is asked for. Shared by the server page (its prefetch) and the browser.
 */
export const PRESETS = ["all", "7d", "30d", "90d", "365d", "custom"] as const;
export type Preset = (typeof PRESETS)[number];

export interface PageFilters {
  period: Preset;
  from: string | null;
  to: string | null;
  banks: string[];
  incident: string | null;
}

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const DAYS: Partial<Record<Preset, number>> = { "7d": 7, "30d": 30, "90d": 90, "365d": 365 };

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The filters of a URL's query (anything unreadable is left out). */
export function filtersOf(params: Record<string, string | string[] | undefined>): PageFilters {
  const one = (k: string) => {
    const v = params[k];
    return typeof v === "string" ? v : Array.isArray(v) ? (v[0] ?? null) : null;
  };
  const from = one("from");
  const to = one("to");
  const hasDays = (from && DAY_RE.test(from)) || (to && DAY_RE.test(to));
  const period = PRESETS.find((p) => p === one("period")) ?? (hasDays ? "custom" : "all");
  const banks = (one("bank") ?? "").split(",").filter((c) => /^\d{4}$/.test(c));
  const incident = one("incident");
  return {
    period,
    from: period === "custom" && from && DAY_RE.test(from) ? from : null,
    to: period === "custom" && to && DAY_RE.test(to) ? to : null,
    banks,
    incident: incident && incident.length <= 64 ? incident : null,
  };
}

/** The URL's query string of the filters ("" for the defaults). */
export function searchOf(f: PageFilters): string {
  const q = new URLSearchParams();
  if (f.period !== "all") q.set("period", f.period);
  if (f.period === "custom" && f.from) q.set("from", f.from);
  if (f.period === "custom" && f.to) q.set("to", f.to);
  if (f.banks.length) q.set("bank", f.banks.join(","));
  if (f.incident) q.set("incident", f.incident);
  return q.toString();
}

/** What the API is asked: a preset becomes Japan days ending today (Japan time). */
export function apiQueryOf(f: PageFilters, today: string): { from?: string; to?: string; bank?: string; incident?: string } {
  const q: { from?: string; to?: string; bank?: string; incident?: string } = {};
  const days = DAYS[f.period];
  if (days) {
    q.from = addDays(today, -(days - 1));
    q.to = today;
  } else if (f.period === "custom") {
    if (f.from) q.from = f.from;
    if (f.to) q.to = f.to;
  }
  if (f.banks.length) q.bank = f.banks.join(",");
  if (f.incident) q.incident = f.incident;
  return q;
}

export function apiSearchOf(q: ReturnType<typeof apiQueryOf>): string {
  return new URLSearchParams(Object.entries(q).filter(([, v]) => v !== undefined) as [string, string][]).toString();
}
