"use client";
import { LoadFailed } from "@/components/ui/load-failed";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import { cell, DataTable } from "@/components/ui/data-table";
import { Notice } from "@/components/ui/notice";
import type { LinkDetail, LinkTransactionsPage } from "@/lib/accounts/schemas";
import { formatCount, formatJst, formatYen } from "@/lib/format";
import { useI18n } from "@/lib/i18n/client";
import { ApiError, apiJson } from "./api";
import { StatusBadge, VerificationBadge } from "./badges";
import { LinkActions } from "./link-actions";
import { LinkCells } from "./links-table";
import { TransactionsSection } from "./transactions-section";

const RELATED_COLUMNS = ["bank", "account", "holder", "wallet", "verification", "status", "linkedAt"] as const;
const CASE_COLUMNS = ["reference", "status", "loss", "openedAt", "closedAt"] as const;

function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="font-medium text-slate-700">{k}</dt>
          <dd className="text-slate-900">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** One link: facts, wallet, actions by role, the related links across banks, cases and transactions. */
export function LinkView({
  linkId,
  initialData,
  initialTransactions,
  canFreeze,
  canOpenCase,
}: {
  linkId: string;
  initialData: LinkDetail;
  initialTransactions?: LinkTransactionsPage;
  canFreeze: boolean;
  canOpenCase: boolean;
}) {
  const { t, locale } = useI18n();
  const query = useQuery({
    queryKey: ["link", linkId],
    queryFn: () => apiJson<LinkDetail>(`/api/v1/links/${linkId}`),
    initialData,
    retry: (count, e) => count < 1 && !(e instanceof ApiError && e.status >= 400 && e.status < 500),
  });
  const d = query.data;
  const bankName = (r: { bankNameJa: string; bankNameEn: string }) => (locale === "ja" ? r.bankNameJa : r.bankNameEn);
  const l = d.link;

  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <Link href="/accounts" className="text-sm text-brand-700 underline-offset-2 hover:underline">
          {t("accounts.detail.back")}
        </Link>
        <h1 className="text-2xl font-bold">{t("accounts.detail.title", { account: l.accountNumberMasked, bank: `${bankName(l)} (${l.bankCode})` })}</h1>
      </div>

      {query.isError ? (
        <LoadFailed message={t("accounts.detail.loadFailed")} error={query.error} onRetry={() => void query.refetch()} />
      ) : null}

      <div className="grid gap-6 lg:grid-cols-2">
        <section aria-labelledby="link-facts" className="space-y-2 rounded-md border border-slate-200 bg-white p-4">
          <h2 id="link-facts" className="text-lg font-semibold">
            {t("accounts.detail.link")}
          </h2>
          <Facts
            rows={[
              [t("accounts.detail.bank"), `${l.bankCode} ${bankName(l)}`],
              [t("accounts.detail.branch"), <span key="b" className="font-mono">{l.branchCode}</span>],
              [t("accounts.detail.accountType"), t(`accounts.accountType.${l.accountType}`)],
              [t("accounts.detail.account"), <span key="a" className="font-mono">{l.accountNumberMasked}</span>],
              [t("accounts.detail.holder"), l.holderName],
              [t("accounts.detail.verification"), <VerificationBadge key="v" value={l.verification} />],
              [t("accounts.detail.status"), <StatusBadge key="s" value={l.status} />],
              [t("accounts.detail.linkedAt"), formatJst(l.linkedAt)],
              ...(l.removedAt ? ([[t("accounts.detail.removedAt"), formatJst(l.removedAt)]] as [string, ReactNode][]) : []),
              [t("accounts.detail.charges7d"), `${formatYen(l.charges7d.yen)} (${t("accounts.table.chargesCount", { count: l.charges7d.count })})`],
              [t("accounts.detail.openCases"), formatCount(l.openCases)],
            ]}
          />
        </section>
        <section aria-labelledby="link-wallet" className="space-y-2 rounded-md border border-slate-200 bg-white p-4">
          <h2 id="link-wallet" className="text-lg font-semibold">
            {t("accounts.detail.wallet")}
          </h2>
          <Facts
            rows={[
              [t("accounts.detail.walletId"), <span key="w" className="font-mono">{d.wallet.id}</span>],
              [t("accounts.detail.email"), d.wallet.email],
              [t("accounts.detail.walletStatus"), t(`accounts.detail.walletStatuses.${d.wallet.status}`)],
              [t("accounts.detail.registeredAt"), formatJst(d.wallet.registeredAt)],
            ]}
          />
        </section>
      </div>

      <LinkActions detail={d} canFreeze={canFreeze} canOpenCase={canOpenCase} />

      <section aria-labelledby="link-related" className="space-y-2">
        <h2 id="link-related" className="text-lg font-semibold">
          {t("accounts.related.title")}
        </h2>
        <p className="text-sm text-slate-700">{t("accounts.related.intro")}</p>
        {d.related.length === 0 ? (
          <Notice>{t("accounts.related.empty")}</Notice>
        ) : (
          <DataTable
            caption={t("accounts.related.caption")}
            testId="related-links"
            columns={[{ label: t("accounts.related.match") }, ...RELATED_COLUMNS.map((c) => ({ label: t(`accounts.table.${c}`) }))]}
          >
            {d.related.map((r) => (
              <tr key={r.id}>
                <td className={cell}>
                  {[r.sameWallet ? t("accounts.related.sameWallet") : null, r.sameEmail ? t("accounts.related.sameEmail") : null, r.sameAccount ? t("accounts.related.sameAccount") : null]
                    .filter(Boolean)
                    .join(", ")}
                </td>
                <td className={cell}>
                  <span className="font-mono">{r.bankCode}</span> {bankName(r)}
                </td>
                <td className={`${cell} font-mono`}>{r.accountNumberMasked}</td>
                <LinkCells link={r} />
              </tr>
            ))}
          </DataTable>
        )}
        {d.relatedTruncated ? <p className="text-sm text-slate-600">{t("accounts.related.truncated", { count: d.related.length })}</p> : null}
      </section>

      <section aria-labelledby="link-cases" className="space-y-2">
        <h2 id="link-cases" className="text-lg font-semibold">
          {t("accounts.cases.title")}
        </h2>
        {d.cases.length === 0 ? (
          <Notice>{t("accounts.cases.empty")}</Notice>
        ) : (
          <DataTable
            caption={t("accounts.cases.caption")}
            testId="link-cases"
            columns={CASE_COLUMNS.map((c) => ({ label: t(`accounts.cases.${c}`), align: c === "loss" ? "right" : undefined }))}
          >
            {d.cases.map((c) => (
              <tr key={c.id}>
                <td className={`${cell} font-mono`}>{c.reference}</td>
                <td className={cell}>{t(`accounts.cases.statuses.${c.status}`)}</td>
                <td className={`${cell} text-right tabular-nums`}>{formatYen(c.lossYen)}</td>
                <td className={`${cell} whitespace-nowrap`}>{formatJst(c.openedAt)}</td>
                <td className={`${cell} whitespace-nowrap`}>{formatJst(c.closedAt)}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>

      <TransactionsSection linkId={linkId} initialPage={initialTransactions} />
    </div>
  );
}
