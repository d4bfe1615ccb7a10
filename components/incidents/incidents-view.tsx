"use client";
import { useQuery } from "@tanstack/react-query";
import type { ColumnDef, VisibilityState } from "@tanstack/react-table";
import { PlusIcon } from "lucide-react";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useState } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { Button } from "@/components/ui/button";
import { apiJson } from "@/lib/api-client";
import { formatCount, formatJstDay, formatYen } from "@/lib/format";
import { useI18n } from "@/lib/i18n/client";
import type { IncidentList, IncidentSummary } from "@/lib/incidents/schemas";
import { incidentTitle } from "@/lib/incidents/title";
import { INCIDENTS_QUERY_KEY } from "./keys";
import { StatusBadge } from "./status-badge";

// The form (react-hook-form, the resolver, zod) loads when the dialog opens.
const IncidentFormDialog = dynamic(() => import("./incident-form").then((m) => m.IncidentFormDialog), { ssr: false });

/** The incidents: one row each with its figures in the reader's scope; "New incident" for the carrier's investigators and managers. */
// The loss and what is outstanding fit 1024 px beside the rest; the reimbursed column (their difference) starts hidden, in the columns menu.
const START_HIDDEN: VisibilityState = { reimbursed: false };

export function IncidentsView({ initialData }: { initialData?: IncidentList }) {
  const { t, locale } = useI18n();
  const [creating, setCreating] = useState(false);
  const query = useQuery({ queryKey: INCIDENTS_QUERY_KEY, queryFn: () => apiJson<IncidentList>("/api/v1/incidents"), initialData });
  const data = query.data;
  const col = (k: "reference" | "title" | "status" | "period" | "cases" | "banks" | "loss" | "reimbursed" | "outstanding") => t(`incidents.columns.${k}`);
  const bankScope = data?.scope.kind === "bank";
  const columns: ColumnDef<IncidentSummary>[] = [
    {
      id: "reference",
      header: col("reference"),
      enableHiding: false,
      meta: { label: col("reference"), rowHeader: true, className: "whitespace-nowrap" },
      cell: ({ row: { original: i } }) => (
        <Link href={`/incidents/${encodeURIComponent(i.reference)}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
          {i.reference}
        </Link>
      ),
    },
    { id: "title", header: col("title"), meta: { label: col("title"), className: "min-w-48 whitespace-normal" }, cell: ({ row }) => incidentTitle(row.original.title, locale) },
    { id: "status", header: col("status"), meta: { label: col("status") }, cell: ({ row }) => <StatusBadge status={row.original.status} /> },
    {
      id: "period",
      header: col("period"),
      meta: { label: col("period"), className: "tabular-nums" },
      cell: ({ row: { original: i } }) =>
        i.figures.firstFraudAt && i.figures.lastFraudAt ? (
          // Two lines below 1280 px (after the 〜), one above: the loss stays in view at 1024 px.
          <span className="inline-block max-w-28 xl:max-w-none">{t("incidents.periodRange", { from: formatJstDay(i.figures.firstFraudAt), to: formatJstDay(i.figures.lastFraudAt) })}</span>
        ) : (
          <span className="text-slate-500">{t("incidents.noFraudYet")}</span>
        ),
    },
    {
      id: "cases",
      header: col("cases"),
      meta: { label: col("cases"), align: "right" },
      cell: ({ row: { original: i } }) => t("incidents.casesOf", { count: formatCount(i.figures.cases), confirmed: formatCount(i.figures.confirmedCases) }),
    },
    ...(bankScope
      ? []
      : [{ id: "banks", header: col("banks"), meta: { label: col("banks"), align: "right" as const }, cell: ({ row }: { row: { original: IncidentSummary } }) => formatCount(row.original.banksHit ?? 0) }]),
    { id: "loss", header: col("loss"), meta: { label: col("loss"), align: "right" }, cell: ({ row }) => formatYen(row.original.figures.confirmedLossYen || row.original.figures.lossYen) },
    { id: "reimbursed", header: col("reimbursed"), meta: { label: col("reimbursed"), align: "right" }, cell: ({ row }) => formatYen(row.original.figures.reimbursedYen) },
    { id: "outstanding", header: col("outstanding"), meta: { label: col("outstanding"), align: "right" }, cell: ({ row }) => formatYen(row.original.figures.outstandingYen) },
  ];
  return (
    <div className="space-y-3">
      <DataTable
        tableId="incidents"
        initialVisibility={START_HIDDEN}
        columns={columns}
        data={data?.items ?? []}
        caption={t("incidents.caption")}
        getRowId={(i) => i.id}
        rowHref={(i) => `/incidents/${encodeURIComponent(i.reference)}`}
        rowTestId={(i) => `incident-${i.reference}`}
        status={query.isPending ? "pending" : query.isError ? "error" : "success"}
        error={query.error}
        onRetry={() => void query.refetch()}
        loadFailed={t("incidents.loadFailed")}
        empty={data?.canManage ? t("incidents.emptyManage") : t("incidents.empty")}
        testId="incidents-table"
        toolbar={
          data?.canManage ? (
            <Button type="button" onClick={() => setCreating(true)} data-testid="incident-create">
              <PlusIcon aria-hidden />
              {t("incidents.create.open")}
            </Button>
          ) : null
        }
      />
      {creating ? <IncidentFormDialog onClose={() => setCreating(false)} /> : null}
    </div>
  );
}
