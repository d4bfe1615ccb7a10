import type { Formats } from "next-intl";

/** Every time the console shows is Japan time, on the server (UTC) and in any browser alike. */
export const TIME_ZONE = "Asia/Tokyo";

/**
 * The named formats next-intl knows (`{amount, number, yen}` in a message, `format.number(n, "yen")`),
 * and lib/format.ts formats with: whole yen, counts, 24-hour Japan date-times.
 */
export const FORMATS = {
  number: {
    yen: { style: "currency", currency: "JPY", maximumFractionDigits: 0 },
    count: { maximumFractionDigits: 0 },
  },
  dateTime: {
    dateTime: { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
    dateTimeSeconds: { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" },
    date: { year: "numeric", month: "2-digit", day: "2-digit" },
  },
} satisfies Formats;
