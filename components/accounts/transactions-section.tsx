"use client";
import { LoadFailed } from "@/components/ui/load-failed";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import type { LinkTransactionsPage } from "@/lib/accounts/schemas";
import { formatJst, formatYen } from "@/lib/format";
import { useT } from "@/lib/i18n/client";
import { ApiError, apiJson } from "./api";

const th = "px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-700";
const td = "px-3 py-2 text-sm";

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
      {query.isPending ? <Notice>{t("accounts.transactions.loading")}</Notice> : null}
      {query.isError ? (
        <LoadFailed message={t("accounts.transactions.loadFailed")} error={query.error} onRetry={() => void query.refetch()} />
      ) : null}
      {query.data && items.length === 0 ? <Notice>{t("accounts.transactions.empty")}</Notice> : null}
      {items.length ? (
        <div className="overflow-x-auto rounded-md border border-slate-200 bg-white">
          <table className="min-w-full divide-y divide-slate-200" data-testid="link-transactions">
            <caption className="sr-only">{t("accounts.transactions.caption")}</caption>
            <thead className="bg-slate-50">
              <tr>
                <th scope="col" className={th}>
                  {t("accounts.transactions.time")}
                </th>
                <th scope="col" className={th}>
                  {t("accounts.transactions.kind")}
                </th>
                <th scope="col" className={`${th} text-right`}>
                  {t("accounts.transactions.amount")}
                </th>
                <th scope="col" className={th}>
                  {t("accounts.transactions.merchant")}
                </th>
                <th scope="col" className={th}>
                  {t("accounts.transactions.category")}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {items.map((x) => (
                <tr key={x.id}>
                  <td className={`${td} whitespace-nowrap`}>{formatJst(x.occurredAt, { seconds: true })}</td>
                  <td className={td}>{t(`accounts.transactions.kinds.${x.kind}`)}</td>
                  <td className={`${td} text-right tabular-nums`}>{formatYen(x.amountYen)}</td>
                  <td className={td}>{x.merchantName ?? "—"}</td>
                  <td className={td}>{x.merchantCategory ? t(`accounts.transactions.categories.${x.merchantCategory}`) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {query.hasNextPage ? (
        <Button type="button" variant="secondary" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage} aria-busy={query.isFetchingNextPage || undefined}>
          {query.isFetchingNextPage ? t("accounts.transactions.loading") : t("accounts.transactions.more")}
        </Button>
      ) : null}
    </section>
  );
}
