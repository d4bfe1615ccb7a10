"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { DataTable, tableStatus } from "@/components/data-table/data-table";
import { ShowMore } from "@/components/ui/section";
import type { LinkTransactionsPage } from "@/lib/accounts/schemas";
import { formatJst, formatYen } from "@/lib/format";
import { useT } from "@/lib/i18n/client";
import { ApiError, apiJson } from "./api";

type Transaction = LinkTransactionsPage["items"][number];

/** The link's transactions, newest first, 36 px a row; "Older transactions" follows the keyset cursor. */
export function TransactionsSection({ linkId, initialPage }: { linkId: string; initialPage?: LinkTransactionsPage }) {
  const t = useT();
  const query = useInfiniteQuery({
    queryKey: ["link-transactions", linkId],
    queryFn: ({ pageParam }) => apiJson<LinkTransactionsPage>(`/api/v1/links/${linkId}/transactions${pageParam ? `?cursor=${encodeURIComponent(pageParam)}` : ""}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    initialData: initialPage ? { pages: [initialPage], pageParams: [null] } : undefined,
    retry: (count, e) => count < 1 && !(e instanceof ApiError && e.status >= 400 && e.status < 500),
  });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  const columns: ColumnDef<Transaction>[] = [
    { id: "time", header: t("accounts.transactions.time"), enableHiding: false, meta: { label: t("accounts.transactions.time"), className: "tabular-nums" }, cell: ({ row }) => formatJst(row.original.occurredAt, { seconds: true }) },
    { id: "kind", header: t("accounts.transactions.kind"), meta: { label: t("accounts.transactions.kind") }, cell: ({ row }) => t(`accounts.transactions.kinds.${row.original.kind}`) },
    { id: "amount", header: t("accounts.transactions.amount"), enableHiding: false, meta: { label: t("accounts.transactions.amount"), align: "right" }, cell: ({ row }) => formatYen(row.original.amountYen) },
    { id: "merchant", header: t("accounts.transactions.merchant"), meta: { label: t("accounts.transactions.merchant"), className: "max-w-72 truncate" }, cell: ({ row }) => row.original.merchantName ?? "—" },
    {
      id: "category",
      header: t("accounts.transactions.category"),
      meta: { label: t("accounts.transactions.category") },
      cell: ({ row }) => (row.original.merchantCategory ? t(`accounts.transactions.categories.${row.original.merchantCategory}`) : "—"),
    },
  ];
  return (
    <section aria-labelledby="link-transactions-title" className="space-y-2">
      <h2 id="link-transactions-title" className="text-lg font-semibold">
        {t("accounts.transactions.title")}
      </h2>
      <DataTable
        tableId="accounts-transactions"
        columns={columns}
        data={items}
        caption={t("accounts.transactions.caption")}
        getRowId={(x) => x.id}
        status={tableStatus(query)}
        error={query.error}
        onRetry={() => void query.refetch()}
        loadFailed={t("accounts.transactions.loadFailed")}
        empty={t("accounts.transactions.empty")}
        testId="link-transactions"
        footer={<ShowMore query={query} label={t("accounts.transactions.more")} loadingLabel={t("accounts.transactions.loading")} />}
      />
    </section>
  );
}
