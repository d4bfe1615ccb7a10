/** Formatting used everywhere: whole yen, Japan time. Safe on server and client. */
const yen = new Intl.NumberFormat("ja-JP");

export function formatYen(amount: number | bigint | null | undefined): string {
  if (amount === null || amount === undefined) return "—";
  const n = typeof amount === "bigint" ? amount : Math.trunc(amount);
  const sign = n < 0 ? "-" : "";
  return `${sign}¥${yen.format(n < 0 ? -n : n)}`;
}

export function formatCount(n: number): string {
  return yen.format(n);
}

const jstParts = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Asia/Tokyo",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

function parts(d: Date): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of jstParts.formatToParts(d)) out[p.type] = p.value;
  return out;
}

function toDate(v: Date | string | number): Date {
  return v instanceof Date ? v : new Date(v);
}

/** 2020-09-14 16:00 (Japan time). */
export function formatJst(v: Date | string | number | null | undefined, opts: { seconds?: boolean } = {}): string {
  if (v === null || v === undefined) return "—";
  const d = toDate(v);
  if (Number.isNaN(d.getTime())) return "—";
  const p = parts(d);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}${opts.seconds ? `:${p.second}` : ""}`;
}

/** 2020-09-14 (Japan date). */
export function formatJstDate(v: Date | string | number): string {
  const p = parts(toDate(v));
  return `${p.year}-${p.month}-${p.day}`;
}

/** The Japan-time calendar day of an instant, as YYYY-MM-DD. */
export const jstDay = formatJstDate;

/** A Japan-time wall clock ("2020-09-14 16:00") as a UTC instant. */
export function fromJst(local: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(local.trim());
  if (!m) throw new RangeError(`Not a Japan-time date: ${local}`);
  const [, y, mo, d, h = "00", mi = "00", s = "00"] = m;
  return new Date(Date.UTC(+y!, +mo! - 1, +d!, +h - 9, +mi, +s));
}
