"use client";
import { LoadFailed } from "@/components/ui/load-failed";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import { Notice } from "@/components/ui/notice";
import type { LinkDetail, LinkTransactionsPage } from "@/lib/accounts/schemas";
import { formatCount, formatJst, formatYen } from "@/lib/format";
import { useI18n } from "@/lib/i18n/client";
import { ApiError, apiJson } from "./api";
import { StatusBadge, VerificationBadge } from "./badges";
import { LinkActions } from "./link-actions";
import { TransactionsSection } from "./transactions-section";

const th = "px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-700";
const td = "px-3 py-2 align-top text-sm";

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
              [t("accounts.detail.charges7d"), `${formatYen(l.charges7d.yen)} (${t("accounts.table.chargesCount", { count: formatCount(l.charges7d.count) })})`],
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
          <div className="overflow-x-auto rounded-md border border-slate-200 bg-white">
            <table className="min-w-full divide-y divide-slate-200" data-testid="related-links">
              <caption className="sr-only">{t("accounts.related.caption")}</caption>
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col" className={th}>
                    {t("accounts.related.match")}
                  </th>
                  <th scope="col" className={th}>
                    {t("accounts.table.bank")}
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
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {d.related.map((r) => (
                  <tr key={r.id}>
                    <td className={td}>
                      {[r.sameWallet ? t("accounts.related.sameWallet") : null, r.sameEmail ? t("accounts.related.sameEmail") : null, r.sameAccount ? t("accounts.related.sameAccount") : null]
                        .filter(Boolean)
                        .join(", ")}
                    </td>
                    <td className={td}>
                      <span className="font-mono">{r.bankCode}</span> {bankName(r)}
                    </td>
                    <td className={`${td} font-mono`}>{r.accountNumberMasked}</td>
                    <td className={td}>
                      <Link
                        href={`/accounts/${r.id}`}
                        className="font-medium text-brand-700 underline-offset-2 hover:underline"
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
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
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
          <div className="overflow-x-auto rounded-md border border-slate-200 bg-white">
            <table className="min-w-full divide-y divide-slate-200" data-testid="link-cases">
              <caption className="sr-only">{t("accounts.cases.caption")}</caption>
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col" className={th}>
                    {t("accounts.cases.reference")}
                  </th>
                  <th scope="col" className={th}>
                    {t("accounts.cases.status")}
                  </th>
                  <th scope="col" className={`${th} text-right`}>
                    {t("accounts.cases.loss")}
                  </th>
                  <th scope="col" className={th}>
                    {t("accounts.cases.openedAt")}
                  </th>
                  <th scope="col" className={th}>
                    {t("accounts.cases.closedAt")}
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {d.cases.map((c) => (
                  <tr key={c.id}>
                    <td className={`${td} font-mono`}>{c.reference}</td>
                    <td className={td}>{t(`accounts.cases.statuses.${c.status}`)}</td>
                    <td className={`${td} text-right tabular-nums`}>{formatYen(c.lossYen)}</td>
                    <td className={`${td} whitespace-nowrap`}>{formatJst(c.openedAt)}</td>
                    <td className={`${td} whitespace-nowrap`}>{formatJst(c.closedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <TransactionsSection linkId={linkId} initialPage={initialTransactions} />
    </div>
  );
}
