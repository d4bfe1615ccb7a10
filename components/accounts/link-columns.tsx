"use client";
import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { Truncated } from "@/components/data-table/truncated";
import type { LinkRow } from "@/lib/accounts/schemas";
import { formatJst } from "@/lib/format";
import type { Translate } from "@/lib/i18n/types";
import { StatusBadge, VerificationBadge } from "./badges";

export type LinkCellsRow = Pick<LinkRow, "id" | "accountNumberMasked" | "holderName" | "walletId" | "email" | "verification" | "status" | "linkedAt">;

/** The bank of a link, by code and name (the name cut at the column's width). */
export function bankColumn<T extends Pick<LinkRow, "bankCode" | "bankNameJa" | "bankNameEn">>(t: Translate, locale: string): ColumnDef<T> {
  return {
    id: "bank",
    header: t("accounts.table.bank"),
    size: 170,
    enableHiding: false,
    meta: { label: t("accounts.table.bank") },
    cell: ({ row: { original: r } }) => (
      <span className="flex items-center gap-1.5">
        <span className="font-mono">{r.bankCode}</span>
        <Truncated text={locale === "ja" ? r.bankNameJa : r.bankNameEn} className="max-w-28 text-slate-700" />
      </span>
    ),
  };
}

/** The columns every table of links shows alike: the holder (opening the link), the wallet, verification, status and when it was linked. */
export function linkColumns<T extends LinkCellsRow>(t: Translate, { sortable = false }: { sortable?: boolean } = {}): ColumnDef<T>[] {
  return [
    {
      id: "holder",
      header: t("accounts.table.holder"),
      enableHiding: false,
      meta: { label: t("accounts.table.holder") },
      cell: ({ row: { original: r } }) => (
        <Link
          href={`/accounts/${r.id}`}
          className="font-medium text-brand-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-brand-600"
          aria-label={t("accounts.table.open", { account: r.accountNumberMasked, holder: r.holderName })}
        >
          {r.holderName}
        </Link>
      ),
    },
    {
      id: "wallet",
      header: t("accounts.table.wallet"),
      meta: { label: t("accounts.table.wallet") },
      cell: ({ row: { original: r } }) => (
        <span className="flex items-baseline gap-1.5">
          <span className="font-mono text-xs">{r.walletId}</span>
          <Truncated text={r.email} className="max-w-48 text-xs text-slate-600" />
        </span>
      ),
    },
    { id: "verification", header: t("accounts.table.verification"), meta: { label: t("accounts.table.verification") }, cell: ({ row }) => <VerificationBadge value={row.original.verification} /> },
    { id: "status", header: t("accounts.table.status"), meta: { label: t("accounts.table.status") }, cell: ({ row }) => <StatusBadge value={row.original.status} /> },
    {
      id: "linked_at",
      accessorFn: (r) => r.linkedAt,
      enableSorting: sortable,
      header: t("accounts.table.linkedAt"),
      meta: { label: t("accounts.table.linkedAt"), className: "tabular-nums", sortParam: sortable ? "linked_at" : undefined },
      cell: ({ row }) => formatJst(row.original.linkedAt),
    },
  ];
}
