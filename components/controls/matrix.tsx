"use client";
import { Ban, Clock } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { CONTROLS, type Control } from "@/lib/controls/constants";
import { formatCount, formatJst, formatJstDate } from "@/lib/format";
import { useI18n } from "@/lib/i18n/client";
import { StateBadge } from "./state-badge";
import { bankName, controlName } from "./text";
import type { BankControlsView } from "./types";

/** Past this many banks the matrix is two tables side by side where the page is wide enough. */
const SPLIT_AFTER = 12;

/**
 * The board as a compact matrix: one row per bank, for each control its state (colour, mark and
 * words), since when (Japan time) and the attempts blocked since; a waiting loosening is marked.
 * Thirty-five banks are two tables of 18 and 17 rows side by side on a wide page (one above the
 * other on a narrow one), so every bank is on one screen at 1440×900. The actions are in each
 * row's menu (`menu`); the bank's name opens its page.
 */
export function ControlsMatrix({
  banks,
  asOf,
  selectable,
  selected,
  onSelect,
  menu,
}: {
  banks: BankControlsView[];
  /** When the list was read (its generatedAt): a state that began that day shows its time, an older one its day. */
  asOf: string;
  /** The carrier's bulk tightening: a checkbox per row. */
  selectable: boolean;
  selected: string[];
  onSelect: (bankCode: string, checked: boolean) => void;
  menu: (bank: BankControlsView) => ReactNode;
}) {
  const half = banks.length > SPLIT_AFTER ? Math.ceil(banks.length / 2) : banks.length;
  const parts = half < banks.length ? [banks.slice(0, half), banks.slice(half)] : [banks];
  return (
    <div className="@container">
      <div className={`grid items-start gap-3 ${parts.length > 1 ? "@min-[64rem]:grid-cols-2" : ""}`}>
        {parts.map((part) => (
          <MatrixTable key={part[0]!.bankCode} banks={part} today={formatJstDate(asOf)} selectable={selectable} selected={selected} onSelect={onSelect} menu={menu} />
        ))}
      </div>
    </div>
  );
}

const th = "px-1.5 py-0.5 text-left text-xs font-semibold whitespace-nowrap text-slate-700";
const td = "px-1 py-0 align-middle whitespace-nowrap";

function MatrixTable({
  banks,
  today,
  selectable,
  selected,
  onSelect,
  menu,
}: {
  banks: BankControlsView[];
  today: string;
  selectable: boolean;
  selected: string[];
  onSelect: (bankCode: string, checked: boolean) => void;
  menu: (bank: BankControlsView) => ReactNode;
}) {
  const { t, locale } = useI18n();
  return (
    <div className="relative overflow-x-auto rounded-md border border-slate-200 bg-white">
      <table className="w-full table-fixed border-collapse text-xs" data-testid="controls-table">
        <caption className="sr-only">{t("controls.matrix.caption", { from: banks[0]!.bankCode, to: banks.at(-1)!.bankCode })}</caption>
        <colgroup>
          {selectable ? <col className="w-6" /> : null}
          <col />
          {CONTROLS.map((c) => (
            <ControlCols key={c} />
          ))}
          <col className="w-7" />
        </colgroup>
        <thead className="bg-slate-50">
          <tr className="border-b border-slate-200">
            {selectable ? (
              <th scope="col" rowSpan={2} className="px-1">
                <span className="sr-only">{t("controls.bulk.chosen")}</span>
              </th>
            ) : null}
            <th scope="col" rowSpan={2} className={`${th} align-bottom`}>
              {t("controls.table.bank")}
            </th>
            {CONTROLS.map((c) => (
              <th key={c} scope="colgroup" colSpan={3} className={`${th} border-l border-slate-200 text-slate-900`}>
                {controlName(t, c)}
              </th>
            ))}
            <th scope="col" rowSpan={2}>
              <span className="sr-only">{t("controls.table.actions")}</span>
            </th>
          </tr>
          <tr className="border-b border-slate-200">
            {CONTROLS.map((c) => (
              <SubHeaders key={c} />
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {banks.map((b) => (
            <tr key={b.bankId} data-bank-code={b.bankCode} className="h-7 hover:bg-slate-50">
              {selectable ? (
                <td className="px-1">
                  <input
                    type="checkbox"
                    className="size-4 align-middle"
                    aria-label={t("controls.bulk.select", { bank: bankName(locale, b) })}
                    checked={selected.includes(b.bankCode)}
                    onChange={(e) => onSelect(b.bankCode, e.target.checked)}
                  />
                </td>
              ) : null}
              <th scope="row" className="truncate px-1.5 py-0 text-left font-medium">
                <Link href={`/controls/${b.bankCode}`} className="hover:underline" title={bankName(locale, b)}>
                  <span className="mr-1 font-mono text-[11px] text-slate-600">{b.bankCode}</span>
                  {locale === "ja" ? b.nameJa : b.nameEn}
                </Link>
              </th>
              {CONTROLS.map((c) => (
                <StateCells key={c} bank={b} control={c} today={today} />
              ))}
              <td className="px-0.5 text-right">{menu(b)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Each control's three columns: state, since, blocked (the bank's name takes what is left). */
function ControlCols() {
  return (
    <>
      <col className="w-27" />
      <col className="w-11" />
      <col className="w-9" />
    </>
  );
}

/**
 * When a state began, in as little room as the matrix has: the time for a change today, the day for
 * an older one (Japan time, as a mail client does); the full time is the cell's title and on the
 * bank's page.
 */
const dayAndTime = new Intl.DateTimeFormat("en-US", { timeZone: "Asia/Tokyo", month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

function shortJst(iso: string, today: string): string {
  const p = Object.fromEntries(dayAndTime.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return formatJstDate(iso) === today ? `${p.hour}:${p.minute}` : `${p.month}/${p.day}`;
}

function SubHeaders() {
  const { t } = useI18n();
  return (
    <>
      <th scope="col" className={`${th} border-l border-slate-200`}>
        {t("controls.matrix.state")}
      </th>
      <th scope="col" className={th}>
        {t("controls.matrix.since")}
      </th>
      <th scope="col" className={`${th} text-right`} title={t("controls.matrix.blockedLong")}>
        <Ban aria-hidden className="ml-auto size-3.5" />
        <span className="sr-only">{t("controls.matrix.blocked")}</span>
      </th>
    </>
  );
}

/** One control of one bank: state (with a waiting loosening marked), since when, blocked since. */
function StateCells({ bank, control, today }: { bank: BankControlsView; control: Control; today: string }) {
  const { t } = useI18n();
  const v = bank[control];
  const waiting = bank.openRequests.find((r) => r.control === control);
  const since = formatJst(v.since);
  return (
    <>
      <td className={`${td} overflow-hidden border-l border-slate-100`} data-control={control}>
        <span className="flex min-w-0 items-center gap-0.5">
          <StateBadge state={v.state} short compact />
          {waiting ? (
            <span className="inline-flex items-center text-amber-800" title={t("controls.matrix.waiting")}>
              <Clock aria-hidden className="size-3.5" />
              <span className="sr-only">{t("controls.matrix.waiting")}</span>
            </span>
          ) : null}
        </span>
      </td>
      <td className={`${td} text-[11px] text-slate-700 tabular-nums`}>
        <time dateTime={v.since} title={t("controls.matrix.sinceLong", { time: since })}>
          {shortJst(v.since, today)}
        </time>
      </td>
      <td className={`${td} text-right text-[11px] tabular-nums ${v.blockedSinceChange ? "font-semibold text-slate-900" : "text-slate-500"}`}>{formatCount(v.blockedSinceChange)}</td>
    </>
  );
}
