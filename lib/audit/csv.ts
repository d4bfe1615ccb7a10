/** RFC 4180 CSV: fields joined by commas, records ended by CRLF, quoted when they must be. */

/** Excel reads the file as UTF-8 (Japanese names intact) only when it starts with a byte order mark. */
export const UTF8_BOM = "\uFEFF";

// A cell Excel would take for a formula (=HYPERLINK(…) typed as an e-mail at sign-in, say).
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let s = String(value);
  // OWASP "CSV injection": a leading apostrophe makes the spreadsheet show the text, not run it.
  if (typeof value === "string" && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRecord(fields: readonly (string | number | null | undefined)[]): string {
  return `${fields.map(csvField).join(",")}\r\n`;
}
