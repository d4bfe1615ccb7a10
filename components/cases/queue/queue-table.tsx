"use client";
import type { ColumnDef, SortingState, VisibilityState } from "@tanstack/react-table";
import Link from "next/link";
import type { ReactNode } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { Truncated } from "@/components/data-table/truncated";
import { useUrlSorting } from "@/components/data-table/use-url-sorting";
import { CaseOutcomeTag, CaseSeverityTag, CaseStatusTag, DueTag } from "../case-tags";
import type { CaseListItem } from "@/lib/cases/schemas";
import { formatJst, formatYen } from "@/lib/format";
import { useI18n } from "@/lib/i18n/client";
import { sortOfSearch, type QueueSearch } from "./search";

export interface Selection {
  /** The cases ticked on any page (id → the version read, sent with the bulk action). */
  ids: Map<string, number>;
  toggle: (row: CaseListItem, on: boolean) => void;
  togglePage: (rows: CaseListItem[], on: boolean) => void;
  /** Every matching case is selected ("select all N"): each box shows ticked. */
  all: boolean;
}

/**
 * One page of the queue on the console's DataTable: the case's reference (opening its file), the
 * victim, the workflow, the money and the dates; due with its "N days left / late" tag; sorted by
 * the due, loss, detected and last-activity headers (the URL's sort and order, which the API sorts by).
 */
// What the floor reads first fits 1024 px: when a case was detected and last touched, and what was
// reimbursed (the outstanding column says what is left), start hidden; the outcome too while only
// open cases are listed (they have none). The columns menu brings any of them back.
const START_HIDDEN: VisibilityState = { reimbursed: false, opened: false, activity: false };
const START_HIDDEN_OPEN: VisibilityState = { ...START_HIDDEN, outcome: false };

export function QueueTable({
  items,
  status,
  search,
  selection,
  now,
  showBank,
  empty,
  footer,
}: {
  items: CaseListItem[];
  status: "pending" | "success";
  search: QueueSearch;
  selection: Selection | null;
  now: number;
  showBank: boolean;
  empty: ReactNode;
  footer?: ReactNode;
}) {
  const { t, locale } = useI18n();
  const { setSorting } = useUrlSorting({ defaultSort: "due", defaultOrder: "asc" });
  const { sort, order } = sortOfSearch(search);
  const sorting: SortingState = [{ id: sort, desc: order === "desc" }];
  const pageAll = items.length > 0 && (selection?.all || items.every((r) => selection?.ids.has(r.id)));
  const pageSome = !pageAll && items.some((r) => selection?.ids.has(r.id));

  const columns: ColumnDef<CaseListItem>[] = [
    ...(selection
      ? [
          {
            id: "select",
            size: 36,
            enableHiding: false,
            meta: { label: t("cases.queue.columns.select") },
            header: () => (
              <input
                type="checkbox"
                className="size-4 accent-brand-600"
                aria-label={t("cases.queue.selectPage")}
                checked={pageAll}
                ref={(el) => {
                  if (el) el.indeterminate = pageSome;
                }}
                disabled={selection.all || items.length === 0}
                onChange={(e) => selection.togglePage(items, e.currentTarget.checked)}
              />
            ),
            cell: ({ row: { original: r } }) => (
              <input
                type="checkbox"
                className="size-4 accent-brand-600"
                aria-label={t("cases.queue.selectRow", { reference: r.reference })}
                checked={selection.all || selection.ids.has(r.id)}
                disabled={selection.all}
                onChange={(e) => selection.toggle(r, e.currentTarget.checked)}
              />
            ),
          } satisfies ColumnDef<CaseListItem>,
        ]
      : []),
    {
      id: "reference",
      size: 120,
      enableHiding: false,
      header: t("cases.queue.columns.reference"),
      meta: { label: t("cases.queue.columns.reference"), rowHeader: true, className: "font-mono" },
      cell: ({ row: { original: r } }) => (
        <Link href={`/cases/${r.reference}`} className="font-medium text-brand-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-brand-600" aria-label={t("cases.queue.open", { reference: r.reference })}>
          {r.reference}
        </Link>
      ),
    },
    ...(showBank
      ? [
          {
            id: "bank",
            header: t("cases.queue.columns.bank"),
            meta: { label: t("cases.queue.columns.bank") },
            cell: ({ row: { original: r } }) => (
              <span className="flex items-center gap-1.5">
                <span className="font-mono">{r.bankCode}</span>
                <Truncated text={locale === "ja" ? r.bankNameJa : r.bankNameEn} className="max-w-24 text-slate-700 xl:max-w-28" />
              </span>
            ),
          } satisfies ColumnDef<CaseListItem>,
        ]
      : []),
    {
      id: "victim",
      header: t("cases.queue.columns.victim"),
      meta: { label: t("cases.queue.columns.victim") },
      cell: ({ row: { original: r } }) => (
        // Below 1280 px the account goes under the name, as the due tag goes under the date.
        <span className="flex flex-col xl:flex-row xl:items-baseline xl:gap-1.5">
          <Truncated text={r.holderName} className="max-w-28 xl:max-w-40" />
          <span className="font-mono text-xs text-slate-600">{r.accountNumberMasked}</span>
        </span>
      ),
    },
    { id: "status", header: t("cases.queue.columns.status"), meta: { label: t("cases.queue.columns.status") }, cell: ({ row: { original: r } }) => <CaseStatusTag status={r.status} /> },
    { id: "severity", header: t("cases.queue.columns.severity"), meta: { label: t("cases.queue.columns.severity") }, cell: ({ row: { original: r } }) => <CaseSeverityTag severity={r.severity} /> },
    {
      id: "due",
      accessorFn: (r) => r.dueAt,
      header: t("cases.queue.columns.due"),
      meta: { label: t("cases.queue.columns.due"), className: "tabular-nums", sortParam: "due" },
      cell: ({ row: { original: r } }) => <DueCell item={r} now={now} />,
    },
    {
      id: "assignee",
      header: t("cases.queue.columns.assignee"),
      meta: { label: t("cases.queue.columns.assignee") },
      cell: ({ row: { original: r } }) => (r.assignee ? <Truncated text={r.assignee.name} className="max-w-28 xl:max-w-36" /> : <span className="text-slate-600 italic">{t("cases.queue.unassigned")}</span>),
    },
    { id: "loss", accessorFn: (r) => r.lossYen, header: t("cases.queue.columns.loss"), meta: { label: t("cases.queue.columns.loss"), align: "right", sortParam: "loss" }, cell: ({ row }) => formatYen(row.original.lossYen) },
    { id: "reimbursed", header: t("cases.queue.columns.reimbursed"), meta: { label: t("cases.queue.columns.reimbursed"), align: "right" }, cell: ({ row }) => formatYen(row.original.reimbursedYen) },
    {
      id: "outstanding",
      header: t("cases.queue.columns.outstanding"),
      meta: { label: t("cases.queue.columns.outstanding"), align: "right" },
      cell: ({ row: { original: r } }) => <span className={r.outstandingYen > 0 ? "font-semibold text-red-800" : undefined}>{formatYen(r.outstandingYen)}</span>,
    },
    { id: "outcome", header: t("cases.queue.columns.outcome"), meta: { label: t("cases.queue.columns.outcome") }, cell: ({ row: { original: r } }) => <CaseOutcomeTag outcome={r.outcome} dash /> },
    { id: "opened", accessorFn: (r) => r.openedAt, header: t("cases.queue.columns.detected"), meta: { label: t("cases.queue.columns.detected"), className: "tabular-nums", sortParam: "opened" }, cell: ({ row }) => formatJst(row.original.openedAt) },
    { id: "activity", accessorFn: (r) => r.lastActivityAt, header: t("cases.queue.columns.activity"), meta: { label: t("cases.queue.columns.activity"), className: "tabular-nums", sortParam: "activity" }, cell: ({ row }) => formatJst(row.original.lastActivityAt) },
  ];

  return (
    <DataTable
      tableId="cases-queue"
      initialVisibility={search.status === "all" || search.status?.split(",").includes("closed") ? START_HIDDEN : START_HIDDEN_OPEN}
      columns={columns}
      data={items}
      caption={t("cases.queue.caption")}
      getRowId={(r) => r.id}
      rowHref={(r) => `/cases/${r.reference}`}
      rowTestId={(r) => `case-${r.reference}`}
      sorting={sorting}
      onSortingChange={setSorting}
      pinned={selection ? ["select", "reference"] : ["reference"]}
      status={status}
      empty={empty}
      footer={footer}
      testId="cases-table"
    />
  );
}

function DueCell({ item, now }: { item: CaseListItem; now: number }) {
  const { t } = useI18n();
  const snoozed = item.snoozedUntil && Date.parse(item.snoozedUntil) > now;
  if (item.status === "closed") return <span className="text-slate-600">{formatJst(item.dueAt)}</span>;
  return (
    // Below 1280 px the tag goes under the date, so the money columns stay in view at 1024 px.
    <span className="flex max-w-36 flex-wrap items-center gap-x-1.5 gap-y-0.5 xl:max-w-none" title={snoozed ? t("cases.due.snoozed", { until: formatJst(item.snoozedUntil) }) : undefined}>
      {formatJst(item.dueAt)}
      <DueTag dueAt={item.dueAt} closed={false} now={now} />
    </span>
  );
}
