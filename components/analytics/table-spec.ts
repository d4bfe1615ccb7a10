import { formatCount, formatYen } from "@/lib/format";

/** What a chart draws, as columns and rows: the table view, the CSV and the chart read the same numbers. */
export type CellFormat = "yen" | "count" | "decimal" | "rate" | "day" | "text";
export interface SpecColumn {
  key: string;
  label: string;
  format: CellFormat;
}
export type SpecRow = Record<string, string | number | null>;
export interface TableSpec {
  columns: SpecColumn[];
  rows: SpecRow[];
}

/** 2020/09/14: the console's notation of a Japan day. */
export function formatDay(day: string): string {
  return day.replaceAll("-", "/");
}

export function formatCell(v: string | number | null | undefined, format: CellFormat): string {
  if (v === null || v === undefined) return "—";
  if (typeof v === "string") return format === "day" ? formatDay(v) : v;
  switch (format) {
    case "yen":
      return formatYen(Math.round(v));
    case "count":
      return formatCount(Math.round(v));
    case "decimal":
      return new Intl.NumberFormat("en", { maximumFractionDigits: 1 }).format(v);
    case "rate":
      return new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 1 }).format(v);
    default:
      return String(v);
  }
}

function csvField(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/**
 * The CSV of exactly the numbers drawn: the columns' labels in the reader's language, the values as
 * numbers (yen whole, averages to one decimal, rates as fractions), days as YYYY-MM-DD. UTF-8 with
 * a byte-order mark, which spreadsheet programs need to read Japanese.
 */
export function csvOf(spec: TableSpec): string {
  const lines = [spec.columns.map((c) => csvField(c.label)).join(",")];
  for (const r of spec.rows) {
    lines.push(
      spec.columns
        .map((c) => {
          const v = r[c.key];
          if (v === null || v === undefined) return "";
          if (typeof v === "number") return c.format === "yen" || c.format === "count" ? String(Math.round(v)) : String(Math.round(v * 1000) / 1000);
          return csvField(v);
        })
        .join(","),
    );
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
