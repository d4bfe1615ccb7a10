"use client";
import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import type { ReactNode } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { Truncated } from "@/components/data-table/truncated";
import { Button } from "@/components/ui/button";
import { formatJst, formatYen } from "@/lib/format";
import { useI18n } from "@/lib/i18n/client";
import type { ReimbursementView } from "@/lib/reimbursements/schemas";
import type { Decision } from "./decide-dialog";
import type { Settlement } from "./settle-dialog";
import { ReimbursementStatusBadge } from "./status-badge";

/** One page of reimbursements: the case (opening it), bank, amount, payee, maker, status, approvals, and the viewer's decision buttons or why they have none. */
/** `oneBank`: the viewer sees one bank's only (a bank's staff), so its column starts hidden and the decision buttons fit at 1024 px. */
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
      cell: ({ row: { original: r } }) => (
        <span className="flex items-center gap-1.5">
          <span className="font-mono">{r.bank.code}</span>
          <Truncated text={locale === "ja" ? r.bank.nameJa : r.bank.nameEn} className="max-w-28 text-slate-700" />
        </span>
      ),
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
      header: t("reimbursements.table.actions"),
      enableHiding: false,
      meta: { label: t("reimbursements.table.actions") },
      cell: ({ row: { original: r } }) => (
        <span className="flex flex-wrap items-center gap-1.5">
          <Button type="button" size="sm" variant="ghost" onClick={() => onDetails(r)} aria-label={t("reimbursements.sheet.detailsLabel", { reference: r.caseReference })}>
            {t("reimbursements.sheet.details")}
          </Button>
          {decision(r)}
        </span>
      ),
    },
  ];
  function decision(r: ReimbursementView) {
    if (r.viewer.canSettle && r.payments[0]?.status === "sent")
      return (
        <span className="flex gap-1.5">
          <Button type="button" size="sm" onClick={() => onSettle(r, "paid")} aria-label={t("reimbursements.settle.paidLabel", { reference: r.caseReference })}>
            {t("reimbursements.settle.paid")}
          </Button>
          <Button type="button" size="sm" variant="outline" onClick={() => onSettle(r, "returned")} aria-label={t("reimbursements.settle.returnedLabel", { reference: r.caseReference })}>
            {t("reimbursements.settle.returned")}
          </Button>
        </span>
      );
    return r.viewer.canApprove ? (
      <span className="flex gap-1.5">
        <Button type="button" size="sm" onClick={() => onDecide(r, "approve")} aria-label={t("reimbursements.actions.approveLabel", { reference: r.caseReference })}>
          {t("reimbursements.actions.approve")}
        </Button>
        <Button type="button" size="sm" variant="outline" onClick={() => onDecide(r, "reject")} aria-label={t("reimbursements.actions.rejectLabel", { reference: r.caseReference })}>
          {t("reimbursements.actions.reject")}
        </Button>
      </span>
    ) : r.status === "pending" && (r.viewer.canEdit || (r.viewer.approveBlockedBy && r.viewer.approveBlockedBy !== "not_manager")) ? (
      // The maker reads why, whatever their role (an investigator is told it is their own, not that they are no manager).
      <span className="text-xs text-slate-700" data-testid="approve-blocked">
        {t(`reimbursements.blocked.${(r.viewer.canEdit ? "own_request" : r.viewer.approveBlockedBy) as "own_request"}`)}
      </span>
    ) : null;
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
