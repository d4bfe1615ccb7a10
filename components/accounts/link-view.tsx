"use client";
import { LoadFailed } from "@/components/ui/load-failed";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import type { ColumnDef } from "@tanstack/react-table";
import { DataTable } from "@/components/data-table/data-table";
import { Notice } from "@/components/ui/notice";
import type { LinkDetail, LinkTransactionsPage } from "@/lib/accounts/schemas";
import { formatCount, formatJst, formatYen } from "@/lib/format";
import { useI18n } from "@/lib/i18n/client";
import { ApiError, apiJson } from "./api";
import { StatusBadge, VerificationBadge } from "./badges";
import { LinkActions } from "./link-actions";
import { bankColumn, linkColumns } from "./link-columns";
import { TransactionsSection } from "./transactions-section";

type Related = LinkDetail["related"][number];
type LinkCase = LinkDetail["cases"][number];

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
  const relatedColumns: ColumnDef<Related>[] = [
    {
      id: "match",
      header: t("accounts.related.match"),
      meta: { label: t("accounts.related.match") },
      cell: ({ row: { original: r } }) =>
        [r.sameWallet ? t("accounts.related.sameWallet") : null, r.sameEmail ? t("accounts.related.sameEmail") : null, r.sameAccount ? t("accounts.related.sameAccount") : null].filter(Boolean).join(", "),
    },
    bankColumn<Related>(t, locale),
    { id: "account", header: t("accounts.table.account"), meta: { label: t("accounts.table.account"), className: "font-mono" }, cell: ({ row }) => row.original.accountNumberMasked },
    ...linkColumns<Related>(t),
  ];
  const caseColumns: ColumnDef<LinkCase>[] = [
    {
      id: "reference",
      header: t("accounts.cases.reference"),
      enableHiding: false,
      meta: { label: t("accounts.cases.reference"), className: "font-mono", rowHeader: true },
      cell: ({ row }) => (
        <Link href={`/cases/${row.original.reference}`} className="text-brand-700 underline-offset-2 hover:underline">
          {row.original.reference}
        </Link>
      ),
    },
    { id: "status", header: t("accounts.cases.status"), meta: { label: t("accounts.cases.status") }, cell: ({ row }) => t(`cases.status.${row.original.status}`) },
    {
      id: "outcome",
      header: t("accounts.cases.outcome"),
      meta: { label: t("accounts.cases.outcome") },
      cell: ({ row }) => (row.original.outcome ? t(`cases.outcome.${row.original.outcome}`) : "—"),
    },
    { id: "loss", header: t("accounts.cases.loss"), meta: { label: t("accounts.cases.loss"), align: "right" }, cell: ({ row }) => formatYen(row.original.lossYen) },
    { id: "openedAt", header: t("accounts.cases.openedAt"), meta: { label: t("accounts.cases.openedAt"), className: "tabular-nums" }, cell: ({ row }) => formatJst(row.original.openedAt) },
    { id: "closedAt", header: t("accounts.cases.closedAt"), meta: { label: t("accounts.cases.closedAt"), className: "tabular-nums" }, cell: ({ row }) => formatJst(row.original.closedAt) },
  ];

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
            tableId="accounts-related"
            columns={relatedColumns}
            data={d.related}
            caption={t("accounts.related.caption")}
            getRowId={(r) => r.id}
            rowHref={(r) => `/accounts/${r.id}`}
            testId="related-links"
            maxHeight="max-h-96"
          />
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
            tableId="accounts-link-cases"
            columns={caseColumns}
            data={d.cases}
            caption={t("accounts.cases.caption")}
            getRowId={(c) => c.id}
            rowHref={(c) => `/cases/${c.reference}`}
            testId="link-cases"
            maxHeight="max-h-96"
          />
        )}
      </section>

      <TransactionsSection linkId={linkId} initialPage={initialTransactions} />
    </div>
  );
}
