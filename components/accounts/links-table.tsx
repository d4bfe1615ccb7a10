"use client";
import type { ColumnDef } from "@tanstack/react-table";
import type { ReactNode } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { useUrlSorting } from "@/components/data-table/use-url-sorting";
import type { LinkRow } from "@/lib/accounts/schemas";
import { formatCount, formatYen } from "@/lib/format";
import { useI18n } from "@/lib/i18n/client";
import { bankColumn, linkColumns } from "./link-columns";

/**
 * One page of links, 36 px a row, the bank kept in view when the table scrolls sideways; sorted by
 * the linked or charges column's header (the URL's sort and order, which the API sorts by).
 */
export function LinksTable({ items, status, footer }: { items: LinkRow[]; status: "pending" | "success"; footer?: ReactNode }) {
  const { t, locale } = useI18n();
  const { sorting, setSorting } = useUrlSorting({ defaultSort: "linked_at", defaultOrder: "desc" });
  const columns: ColumnDef<LinkRow>[] = [
    bankColumn<LinkRow>(t, locale),
    { id: "branch", header: t("accounts.table.branch"), meta: { label: t("accounts.table.branch"), className: "font-mono" }, cell: ({ row }) => row.original.branchCode },
    { id: "account", header: t("accounts.table.account"), meta: { label: t("accounts.table.account"), className: "font-mono" }, cell: ({ row }) => row.original.accountNumberMasked },
    ...linkColumns<LinkRow>(t, { sortable: true }),
    {
      id: "charges_7d",
      accessorFn: (r) => r.charges7d.yen,
      header: t("accounts.table.charges7d"),
      meta: { label: t("accounts.table.charges7d"), align: "right", sortParam: "charges_7d" },
      cell: ({ row: { original: r } }) => (
        <>
          {formatYen(r.charges7d.yen)} <span className="text-xs text-slate-600">({t("accounts.table.chargesCount", { count: r.charges7d.count })})</span>
        </>
      ),
    },
    {
      id: "openCases",
      header: t("accounts.table.openCases"),
      meta: { label: t("accounts.table.openCases"), align: "right" },
      cell: ({ row: { original: r } }) => <span className={r.openCases > 0 ? "font-semibold text-red-800" : undefined}>{formatCount(r.openCases)}</span>,
    },
  ];
  return (
    <DataTable
      tableId="accounts-links"
      columns={columns}
      data={items}
      caption={t("accounts.table.caption")}
      getRowId={(r) => r.id}
      rowHref={(r) => `/accounts/${r.id}`}
      sorting={sorting}
      onSortingChange={setSorting}
      pinned={["bank"]}
      status={status}
      empty={t("accounts.empty")}
      footer={footer}
      testId="links-table"
    />
  );
}
