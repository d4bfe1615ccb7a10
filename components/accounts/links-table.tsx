"use client";
import Link from "next/link";
import { cell, DataTable } from "@/components/ui/data-table";
import type { LinkRow } from "@/lib/accounts/schemas";
import { formatCount, formatJst, formatYen } from "@/lib/format";
import { useI18n } from "@/lib/i18n/client";
import { StatusBadge, VerificationBadge } from "./badges";

const COLUMNS = ["bank", "branch", "account", "holder", "wallet", "verification", "status", "linkedAt", "charges7d", "openCases"] as const;

export function LinksTable({ items }: { items: LinkRow[] }) {
  const { t, locale } = useI18n();
  return (
    <DataTable
      caption={t("accounts.table.caption")}
      testId="links-table"
      columns={COLUMNS.map((c) => ({ label: t(`accounts.table.${c}`), align: c === "charges7d" || c === "openCases" ? "right" : undefined }))}
    >
      {items.map((r) => (
        <tr key={r.id} className="hover:bg-slate-50">
          <td className={cell}>
            <span className="font-mono">{r.bankCode}</span> <span className="text-slate-700">{locale === "ja" ? r.bankNameJa : r.bankNameEn}</span>
          </td>
          <td className={`${cell} font-mono`}>{r.branchCode}</td>
          <td className={`${cell} font-mono whitespace-nowrap`}>{r.accountNumberMasked}</td>
          <LinkCells link={r} />
          <td className={`${cell} whitespace-nowrap text-right tabular-nums`}>
            <div>{formatYen(r.charges7d.yen)}</div>
            <div className="text-xs text-slate-600">{t("accounts.table.chargesCount", { count: r.charges7d.count })}</div>
          </td>
          <td className={`${cell} text-right tabular-nums ${r.openCases > 0 ? "font-semibold text-red-800" : ""}`}>{formatCount(r.openCases)}</td>
        </tr>
      ))}
    </DataTable>
  );
}

/** The cells every table of links shows alike: the holder (opening the link), the wallet, verification, status and when it was linked. */
export function LinkCells({ link: r }: { link: Pick<LinkRow, "id" | "accountNumberMasked" | "holderName" | "walletId" | "email" | "verification" | "status" | "linkedAt"> }) {
  const { t } = useI18n();
  return (
    <>
      <td className={cell}>
        <Link
          href={`/accounts/${r.id}`}
          className="whitespace-nowrap font-medium text-brand-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-brand-600"
          aria-label={t("accounts.table.open", { account: r.accountNumberMasked, holder: r.holderName })}
        >
          {r.holderName}
        </Link>
      </td>
      <td className={cell}>
        <div className="font-mono text-xs">{r.walletId}</div>
        <div className="text-xs text-slate-600">{r.email}</div>
      </td>
      <td className={cell}>
        <VerificationBadge value={r.verification} />
      </td>
      <td className={cell}>
        <StatusBadge value={r.status} />
      </td>
      <td className={`${cell} whitespace-nowrap`}>{formatJst(r.linkedAt)}</td>
    </>
  );
}
