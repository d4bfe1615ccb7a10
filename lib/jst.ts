/**
 * Japan time without a formatter: what scripts run outside Next (the seed, the bench, under tsx with
 * the react-server condition) need, and cannot import through lib/format.ts (next-intl's react-server
 * build loads React's client hooks there and fails).
 */

/** A Japan-time wall clock ("2020-09-14 16:00") as a UTC instant. */
export function fromJst(local: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(local.trim());
  if (!m) throw new RangeError(`Not a Japan-time date: ${local}`);
  const [, y, mo, d, h = "00", mi = "00", s = "00"] = m;
  return new Date(Date.UTC(+y!, +mo! - 1, +d!, +h - 9, +mi, +s));
}

const isoDay = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Tokyo", year: "numeric", month: "2-digit", day: "2-digit" });

/** The Japan-time calendar day of an instant, as YYYY-MM-DD (a key for queries, not display). Here, free of next-intl, for scripts. */
export function jstDay(v: Date | string | number): string {
  return isoDay.format(v instanceof Date ? v : new Date(v));
}
