/**
 * The one formatter of figures and times, on the server (pages, CSV exports) and in the browser:
 * next-intl's formatter with the console's named formats and Japan time (lib/i18n/formats.ts, the
 * same ones i18n/request.ts gives next-intl). One notation in both languages, Japan's:
 * 2026/02/01 00:30 (Japan time, 24-hour), ¥25,420,000, 1,234.
 */
import { createFormatter } from "next-intl";
import { FORMATS, TIME_ZONE } from "@/lib/i18n/formats";

const dates = createFormatter({ locale: "ja", timeZone: TIME_ZONE, formats: FORMATS });
// Intl's Japanese writes the full-width ￥; its English the half-width ¥ with the same digits and separators.
const numbers = createFormatter({ locale: "en", timeZone: TIME_ZONE, formats: FORMATS });

type Instant = Date | string | number;

function toDate(v: Instant): Date {
  return v instanceof Date ? v : new Date(v);
}

/** ¥25,420,000 (whole yen; -¥3,000; — when there is no amount). */
export function formatYen(amount: number | bigint | null | undefined): string {
  if (amount === null || amount === undefined) return "—";
  return numbers.number(typeof amount === "bigint" ? amount : Math.trunc(amount), "yen");
}

/** 1,234 */
export function formatCount(n: number): string {
  return numbers.number(n, "count");
}

/** A size in bytes: 900 B, 12.3 kB, 3.5 MB (powers of 1,024). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${formatCount(bytes)} B`;
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, "kilobyte"] : [bytes / 1024 / 1024, "megabyte"];
  return numbers.number(value, { style: "unit", unit, maximumFractionDigits: 1 });
}

/** 2020/09/14 16:00 in Japan time (with seconds: 2020/09/14 16:00:05); — when there is none. */
export function formatJst(v: Instant | null | undefined, opts: { seconds?: boolean } = {}): string {
  if (v === null || v === undefined) return "—";
  const d = toDate(v);
  if (Number.isNaN(d.getTime())) return "—";
  return dates.dateTime(d, opts.seconds ? "dateTimeSeconds" : "dateTime");
}

/** 2020/09/14: a Japan-time day as the console shows it (formatJstDate is the YYYY-MM-DD key); — when there is none. */
export function formatJstDay(v: Instant | null | undefined): string {
  if (v === null || v === undefined) return "—";
  const d = toDate(v);
  if (Number.isNaN(d.getTime())) return "—";
  return dates.dateTime(d, "date");
}

const isoDay = new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" });

/** The Japan-time calendar day of an instant as YYYY-MM-DD: a key for queries, file names and date inputs, not display. */
export function formatJstDate(v: Instant): string {
  return isoDay.format(toDate(v));
}

/** The Japan-time calendar day of an instant, as YYYY-MM-DD. */
export const jstDay = formatJstDate;

export { fromJst } from "./jst";
