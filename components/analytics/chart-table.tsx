"use client";
import type { ColumnDef } from "@tanstack/react-table";
import { DataTable } from "@/components/data-table/data-table";
import { formatCell, type SpecRow, type TableSpec } from "./table-spec";

/** A chart's numbers on the console's DataTable (loaded when a reader asks for the table). */
export function ChartTable({ id, caption, spec }: { id: string; caption: string; spec: TableSpec }) {
  const columns: ColumnDef<SpecRow>[] = spec.columns.map((c, i) => ({
    id: c.key,
    accessorFn: (r) => r[c.key],
    header: c.label,
    cell: ({ row }) => formatCell(row.original[c.key], c.format),
    enableHiding: i !== 0,
    meta: { label: c.label, align: c.format === "text" || c.format === "day" ? undefined : "right", rowHeader: i === 0, className: "tabular-nums" },
  }));
  return (
    <DataTable
      tableId={`analytics-${id}`}
      columns={columns}
      data={spec.rows}
      caption={caption}
      getRowId={(r) => spec.columns.map((c) => String(r[c.key] ?? "")).slice(0, 2).join("|")}
      maxHeight="max-h-96"
      testId={`chart-${id}-table`}
    />
  );
}
