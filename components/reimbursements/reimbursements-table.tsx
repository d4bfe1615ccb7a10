"use client";
import type { ColumnDef } from "@tanstack/react-table";
import { CheckIcon, CircleSlashIcon, PanelRightIcon, XIcon } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { Truncated } from "@/components/data-table/truncated";
import { RowActions, type RowAction } from "@/components/data-table/row-actions";
import { formatJst, formatYen } from "@/lib/format";
import { useI18n } from "@/lib/i18n/client";
import type { ReimbursementView } from "@/lib/reimbursements/schemas";
import type { Decision } from "./decide-dialog";
import type { Settlement } from "./settle-dialog";
import { ReimbursementStatusBadge } from "./status-badge";

/**
 * One page of reimbursements, a line each: the case (opening it), bank, amount, payee, maker, status,
 * approvals, and the row's menu (details; approve or reject, paid or returned, for who may) or why
 * the viewer has no decision. The decisions were buttons in the row, which wrapped to three lines at 1024 px.
 */
/** `oneBank`: the viewer sees one bank's only (a bank's staff), so its column starts hidden. */
export function ReimbursementsTable({
  items,
  status,
  footer,
  onDecide,
  onDetails,
  onSettle,
  oneBank = false,
}: {
  items: ReimbursementView[];
  status: "pending" | "success";
  footer?: ReactNode;
  onDecide: (item: ReimbursementView, decision: Decision) => void;
  /** Opens the reimbursement's sheet (its arithmetic, approvals and history). */
  onDetails: (item: ReimbursementView) => void;
  /** The carrier's manager marks a sent transfer paid or returned. */
  onSettle: (item: ReimbursementView, kind: Settlement) => void;
  oneBank?: boolean;
}) {
  const { t, locale } = useI18n();
  const columns: ColumnDef<ReimbursementView>[] = [
    {
      id: "case",
      header: t("reimbursements.table.case"),
      enableHiding: false,
      // Pinned at its content's width (a pinned column is as wide as its size: 150 px by default).
      size: 116,
      meta: { label: t("reimbursements.table.case"), rowHeader: true, className: "font-mono" },
      cell: ({ row: { original: r } }) => (
        <Link
          href={`/cases/${r.caseReference}`}
          className="font-medium text-brand-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-brand-600"
          aria-label={t("reimbursements.table.openCase", { reference: r.caseReference })}
        >
          {r.caseReference}
        </Link>
      ),
    },
    {
      id: "bank",
      header: t("reimbursements.table.bank"),
      meta: { label: t("reimbursements.table.bank") },
      // The name from 1280 px; narrower, the code alone (its name in its title and read aloud), so the row's menu stays in view at 1024 px.
      cell: ({ row: { original: r } }) => {
        const name = locale === "ja" ? r.bank.nameJa : r.bank.nameEn;
        return (
          <span className="flex items-center gap-1.5" title={name}>
            <span className="font-mono">{r.bank.code}</span>
            <Truncated text={name} className="max-w-28 text-slate-700 max-xl:sr-only" />
          </span>
        );
      },
    },
    { id: "amount", header: t("reimbursements.table.amount"), meta: { label: t("reimbursements.table.amount"), align: "right" }, cell: ({ row }) => <span className="font-semibold">{formatYen(row.original.amountYen)}</span> },
    {
      id: "payee",
      header: t("reimbursements.table.payee"),
      meta: { label: t("reimbursements.table.payee") },
      cell: ({ row: { original: r } }) => (
        <span className="flex items-baseline gap-1.5">
          <span className="font-mono text-xs">****{r.payee.accountLast4}</span>
          <Truncated text={r.payee.holderKana} className="max-w-32" />
        </span>
      ),
    },
    { id: "maker", header: t("reimbursements.table.maker"), meta: { label: t("reimbursements.table.maker") }, cell: ({ row }) => <Truncated text={row.original.maker.name} className="max-w-36" /> },
    { id: "requestedAt", header: t("reimbursements.table.requestedAt"), meta: { label: t("reimbursements.table.requestedAt"), className: "tabular-nums" }, cell: ({ row }) => formatJst(row.original.requestedAt) },
    { id: "status", header: t("reimbursements.table.status"), meta: { label: t("reimbursements.table.status") }, cell: ({ row }) => <ReimbursementStatusBadge value={row.original.status} /> },
    {
      id: "approvals",
      header: t("reimbursements.table.approvals"),
      meta: { label: t("reimbursements.table.approvals"), align: "right" },
      cell: ({ row: { original: r } }) => t("reimbursements.table.approvalsOf", { count: r.approvals.filter((a) => a.current && a.decision === "approve").length, needed: r.approvalsNeeded }),
    },
    {
      id: "actions",
      header: () => <span className="sr-only">{t("reimbursements.table.actions")}</span>,
      enableHiding: false,
      meta: { label: t("reimbursements.table.actions"), className: "w-0" },
      cell: ({ row: { original: r } }) => (
        <span className="flex items-center justify-end gap-2">
          {blocked(r)}
          <RowActions
            label={t("reimbursements.table.menu", { reference: r.caseReference })}
            name={[`${r.caseReference} · ${formatYen(r.amountYen)}`, blockedText(r)].filter(Boolean).join(" — ")}
            className="max-w-72 min-w-52"
            actions={actionsOf(r)}
          />
        </span>
      ),
    },
  ];
  /** The row's menu: details, then what the viewer may do (approve or reject; paid or returned), the refusing one red and last. */
  function actionsOf(r: ReimbursementView): RowAction[] {
    const details: RowAction = { key: "details", label: t("reimbursements.sheet.details"), icon: <PanelRightIcon aria-hidden />, onSelect: () => onDetails(r) };
    if (r.viewer.canSettle && r.payments[0]?.status === "sent")
      return [
        { key: "paid", label: t("reimbursements.settle.confirmPaid"), icon: <CheckIcon aria-hidden />, onSelect: () => onSettle(r, "paid") },
        details,
        { key: "returned", label: t("reimbursements.settle.confirmReturned"), icon: <XIcon aria-hidden />, onSelect: () => onSettle(r, "returned"), destructive: true, separatorBefore: true },
      ];
    if (r.viewer.canApprove)
      return [
        { key: "approve", label: t("reimbursements.actions.approve"), icon: <CheckIcon aria-hidden />, onSelect: () => onDecide(r, "approve") },
        details,
        { key: "reject", label: t("reimbursements.actions.reject"), icon: <XIcon aria-hidden />, onSelect: () => onDecide(r, "reject"), destructive: true, separatorBefore: true },
      ];
    return [details];
  }
  /** Why a pending row has no decision for the viewer, if it has none: the maker reads it whatever their role (an investigator is told it is their own, not that they are no manager). */
  function blockedText(r: ReimbursementView): string | null {
    if (r.viewer.canApprove || r.status !== "pending" || !(r.viewer.canEdit || (r.viewer.approveBlockedBy && r.viewer.approveBlockedBy !== "not_manager"))) return null;
    return t(`reimbursements.blocked.${(r.viewer.canEdit ? "own_request" : r.viewer.approveBlockedBy) as "own_request"}`);
  }
  /** The reason in the row as a sign (read aloud with the row, shown on hover) and on top of the row's menu: its words would not fit the line at 1024 px. */
  function blocked(r: ReimbursementView) {
    const text = blockedText(r);
    if (!text) return null;
    return (
      <span className="inline-flex text-slate-600" title={text} data-testid="approve-blocked">
        <CircleSlashIcon aria-hidden className="size-4" />
        <span className="sr-only">{text}</span>
      </span>
    );
  }
  return (
    <DataTable
      tableId="reimbursements"
      columns={columns}
      data={items}
      caption={t("reimbursements.table.caption")}
      getRowId={(r) => r.id}
      rowHref={(r) => `/cases/${r.caseReference}`}
      pinned={["case"]}
      initialVisibility={oneBank ? { bank: false } : undefined}
      status={status}
      empty={t("reimbursements.empty")}
      footer={footer}
      testId="reimbursements-table"
    />
  );
}
