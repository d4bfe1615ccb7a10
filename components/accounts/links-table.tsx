"use client";
import Link from "next/link";
import type { LinkRow } from "@/lib/accounts/schemas";
import { formatCount, formatJst, formatYen } from "@/lib/format";
import { useI18n } from "@/lib/i18n/client";
import { StatusBadge, VerificationBadge } from "./badges";

const th = "px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-700";
const td = "px-3 py-2 align-top text-sm";

export function LinksTable({ items }: { items: LinkRow[] }) {
  const { t, locale } = useI18n();
  return (
    <div className="overflow-x-auto rounded-md border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200" data-testid="links-table">
        <caption className="sr-only">{t("accounts.table.caption")}</caption>
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" className={th}>
              {t("accounts.table.bank")}
            </th>
            <th scope="col" className={th}>
              {t("accounts.table.branch")}
            </th>
            <th scope="col" className={th}>
              {t("accounts.table.account")}
            </th>
            <th scope="col" className={th}>
              {t("accounts.table.holder")}
            </th>
            <th scope="col" className={th}>
              {t("accounts.table.wallet")}
            </th>
            <th scope="col" className={th}>
              {t("accounts.table.verification")}
            </th>
            <th scope="col" className={th}>
              {t("accounts.table.status")}
            </th>
            <th scope="col" className={th}>
              {t("accounts.table.linkedAt")}
            </th>
            <th scope="col" className={`${th} text-right`}>
              {t("accounts.table.charges7d")}
            </th>
            <th scope="col" className={`${th} text-right`}>
              {t("accounts.table.openCases")}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {items.map((r) => (
            <tr key={r.id} className="hover:bg-slate-50">
              <td className={td}>
                <span className="font-mono">{r.bankCode}</span> <span className="text-slate-700">{locale === "ja" ? r.bankNameJa : r.bankNameEn}</span>
              </td>
              <td className={`${td} font-mono`}>{r.branchCode}</td>
              <td className={`${td} font-mono whitespace-nowrap`}>{r.accountNumberMasked}</td>
              <td className={td}>
                <Link
                  href={`/accounts/${r.id}`}
                  className="whitespace-nowrap font-medium text-brand-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-brand-600"
                  aria-label={t("accounts.table.open", { account: r.accountNumberMasked, holder: r.holderName })}
                >
                  {r.holderName}
                </Link>
              </td>
              <td className={td}>
                <div className="font-mono text-xs">{r.walletId}</div>
                <div className="text-xs text-slate-600">{r.email}</div>
              </td>
              <td className={td}>
                <VerificationBadge value={r.verification} />
              </td>
              <td className={td}>
                <StatusBadge value={r.status} />
              </td>
              <td className={`${td} whitespace-nowrap`}>{formatJst(r.linkedAt)}</td>
              <td className={`${td} whitespace-nowrap text-right tabular-nums`}>
                <div>{formatYen(r.charges7d.yen)}</div>
                <div className="text-xs text-slate-600">{t("accounts.table.chargesCount", { count: formatCount(r.charges7d.count) })}</div>
              </td>
              <td className={`${td} text-right tabular-nums ${r.openCases > 0 ? "font-semibold text-red-800" : ""}`}>{formatCount(r.openCases)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
