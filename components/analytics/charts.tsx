"use client";
import { useLocale } from "next-intl";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatCell, formatDay, type CellFormat, type SpecRow } from "./table-spec";

/**
 * The page's charts (recharts, loaded with next/dynamic so the page's first load stays light).
 * Colours from Okabe and Ito's palette, which readers with any common colour-vision deficiency tell
 * apart; a dashed line for the average. Tooltips give exact values in the page's notation.
 */
export const PALETTE = { blue: "#0072B2", orange: "#E69F00", sky: "#56B4E9", green: "#009E73", vermillion: "#D55E00", purple: "#CC79A7", yellow: "#F0E442", grey: "#6B7280" } as const;

export interface Series {
  key: string;
  label: string;
  color: string;
  stack?: string;
  dashed?: boolean;
}

const HEIGHT = 300;
/**
 * A chart draws again when its width changes, and eight of them take the page's main thread for
 * 0.2-0.7 s at a time on a 2-core machine. The sidebar's fold animates its width over 150 ms, which
 * redrew every chart on each of its frames (five or six long tasks, 0.9-1.4 s in all): each chart
 * waits for the width to settle and draws once. Meanwhile it keeps its size, clipped by its box.
 */
const RESIZE_DEBOUNCE_MS = 200;
const axisTick = { fontSize: 12, fill: "#334155" };

/** An axis's short figure in the reader's words: 1950万円 / 1.5万 in Japanese, ¥19.5M / 15K in English. */
function short(v: number, format: CellFormat, locale: string): string {
  const ja = locale === "ja";
  const n = new Intl.NumberFormat(ja ? "ja" : "en", { notation: "compact", maximumFractionDigits: 1 }).format(v);
  if (format !== "yen") return n;
  return ja ? `${n}円` : `¥${n}`;
}

/** A line per series over Japan days (a time axis), with vertical markers (their text shown on hover). */
export function DayLines({ rows, series, format, markers = [], label }: { rows: SpecRow[]; series: Series[]; format: CellFormat; markers?: { day: string; text: string }[]; label: string }) {
  const locale = useLocale();
  const data = rows.map((r) => ({ ...r, t: Date.parse(`${String(r.day)}T00:00:00Z`) }));
  return (
    <div role="img" aria-label={label} className="w-full overflow-hidden">
      <ResponsiveContainer width="100%" height={HEIGHT} debounce={RESIZE_DEBOUNCE_MS}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tick={axisTick} tickFormatter={(t: number) => formatDay(new Date(t).toISOString().slice(0, 10))} />
          <YAxis tick={axisTick} tickFormatter={(v: number) => short(v, format, locale)} width={64} />
          <Tooltip labelFormatter={(t) => formatDay(new Date(Number(t)).toISOString().slice(0, 10))} formatter={(v, name) => [formatCell(Number(v), format), name]} />
          <Legend />
          {markers.map((m) => (
            <ReferenceLine key={m.day} x={Date.parse(`${m.day}T00:00:00Z`)} stroke={PALETTE.vermillion} strokeDasharray="2 3" ifOverflow="extendDomain">
              <title>{m.text}</title>
            </ReferenceLine>
          ))}
          {series.map((s) => (
            <Line key={s.key} type="stepAfter" dataKey={s.key} name={s.label} stroke={s.color} strokeWidth={2} strokeDasharray={s.dashed ? "6 4" : undefined} dot={false} isAnimationActive={false} connectNulls />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Bars per category (stacked when series share a stack), across or up. */
export function Bars({ rows, categoryKey, series, format, horizontal, label, categoryFormat = "text" }: { rows: SpecRow[]; categoryKey: string; series: Series[]; format: CellFormat; horizontal?: boolean; label: string; categoryFormat?: CellFormat }) {
  const locale = useLocale();
  const height = horizontal ? Math.max(160, rows.length * 28 + 60) : HEIGHT;
  const category = (v: unknown) => formatCell(v as string, categoryFormat);
  return (
    <div role="img" aria-label={label} className="w-full overflow-hidden">
      <ResponsiveContainer width="100%" height={height} debounce={RESIZE_DEBOUNCE_MS}>
        <BarChart data={rows} layout={horizontal ? "vertical" : "horizontal"} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          {horizontal ? (
            <>
              <XAxis type="number" tick={axisTick} tickFormatter={(v: number) => short(v, format, locale)} />
              <YAxis type="category" dataKey={categoryKey} tick={axisTick} width={150} tickFormatter={category} interval={0} />
            </>
          ) : (
            <>
              <XAxis dataKey={categoryKey} tick={axisTick} tickFormatter={category} />
              <YAxis tick={axisTick} tickFormatter={(v: number) => short(v, format, locale)} width={64} />
            </>
          )}
          <Tooltip labelFormatter={category} formatter={(v, name) => [formatCell(Number(v), format), name]} />
          <Legend />
          {series.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={s.label} fill={s.color} stackId={s.stack} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
