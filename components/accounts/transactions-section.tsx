"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { cell, DataTable } from "@/components/ui/data-table";
import { ListStates, ShowMore } from "@/components/ui/section";
import type { LinkTransactionsPage } from "@/lib/accounts/schemas";
import { formatJst, formatYen } from "@/lib/format";
import { useT } from "@/lib/i18n/client";
import { ApiError, apiJson } from "./api";

const COLUMNS = ["time", "kind", "amount", "merchant", "category"] as const;

/** The link's transactions, newest first; "Older transactions" follows the keyset cursor. */
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
  return (
    <section aria-labelledby="link-transactions" className="space-y-2">
      <h2 id="link-transactions" className="text-lg font-semibold">
        {t("accounts.transactions.title")}
      </h2>
      <ListStates query={query} count={items.length} loading={t("accounts.transactions.loading")} loadFailed={t("accounts.transactions.loadFailed")} empty={t("accounts.transactions.empty")} />
      {items.length ? (
        <DataTable
          caption={t("accounts.transactions.caption")}
          testId="link-transactions"
          columns={COLUMNS.map((c) => ({ label: t(`accounts.transactions.${c}`), align: c === "amount" ? "right" : undefined }))}
        >
          {items.map((x) => (
            <tr key={x.id}>
              <td className={`${cell} whitespace-nowrap`}>{formatJst(x.occurredAt, { seconds: true })}</td>
              <td className={cell}>{t(`accounts.transactions.kinds.${x.kind}`)}</td>
              <td className={`${cell} text-right tabular-nums`}>{formatYen(x.amountYen)}</td>
              <td className={cell}>{x.merchantName ?? "—"}</td>
              <td className={cell}>{x.merchantCategory ? t(`accounts.transactions.categories.${x.merchantCategory}`) : "—"}</td>
            </tr>
          ))}
        </DataTable>
      ) : null}
      <ShowMore query={query} label={t("accounts.transactions.more")} loadingLabel={t("accounts.transactions.loading")} />
    </section>
  );
}
