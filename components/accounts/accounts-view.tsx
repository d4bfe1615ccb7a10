"use client";
import { useQuery } from "@tanstack/react-query";
import { DataTablePagination } from "@/components/data-table/data-table-pagination";
import { ListError } from "@/components/ui/list-error";
import type { LinkPage } from "@/lib/accounts/schemas";
import { useT } from "@/lib/i18n/client";
import { ApiError, apiJson } from "./api";
import { AccountsFilters, type BankOption } from "./accounts-filters";
import { ExportButton } from "./export-button";
import { LinksTable } from "./links-table";
import { accountsHref, searchString, withoutCursor, type AccountsSearch } from "./search";

/**
 * The accounts list for one URL state (filters, sort, cursor). The server renders the page's rows
 * and hands them over as initialData; react-query refetches from /api/v1/accounts (focus, retry).
 */
export function AccountsView({ search, initialData, banks }: { search: AccountsSearch; initialData?: LinkPage; banks: BankOption[] }) {
  const t = useT();
  const qs = searchString(search);
  const filters = withoutCursor(search);
  const query = useQuery({
    queryKey: ["accounts", qs],
    queryFn: () => apiJson<LinkPage>(`/api/v1/accounts${qs ? `?${qs}` : ""}`),
    initialData,
    // A refused filter stays refused: retry only what may pass next time.
    retry: (count, e) => count < 1 && !(e instanceof ApiError && e.status >= 400 && e.status < 500),
  });
  const fieldErrors = query.error instanceof ApiError ? query.error.problems : {};
  const page = query.data;

  return (
    <div className="space-y-4">
      <AccountsFilters key={searchString(filters, null)} search={filters} banks={banks} errors={fieldErrors} />

      <ExportButton qs={searchString(filters, null)} />

      {query.isError ? (
        <ListError error={query.error} invalid={t("accounts.filters.invalid")} loadFailed={t("accounts.loadFailed")} onRetry={() => void query.refetch()} firstPage={{ href: accountsHref(filters), label: t("accounts.pager.newest") }} />
      ) : null}

      {page || query.isPending ? (
        <>
          <p className="sr-only" aria-live="polite">
            {query.isFetching && page ? t("accounts.refreshing") : ""}
          </p>
          {page && page.estimatedTotal !== null && page.items.length > 0 ? (
            <p className="text-sm text-slate-700" data-testid="accounts-estimate">
              {t("accounts.estimate", { count: Math.max(page.estimatedTotal, page.items.length) })}
            </p>
          ) : null}
          <LinksTable
            items={page?.items ?? []}
            status={page ? "success" : "pending"}
            footer={
              page ? (
                <DataTablePagination
                  cursor={search.cursor}
                  nextCursor={page.nextCursor}
                  prevCursor={page.prevCursor}
                  summary={page.items.length ? t("accounts.pager.showing", { count: page.items.length }) : null}
                  labels={{ nav: t("accounts.pager.label"), first: t("accounts.pager.newest"), previous: t("accounts.pager.previous"), next: t("accounts.pager.next"), last: t("accounts.pager.lastPage") }}
                />
              ) : null
            }
          />
        </>
      ) : null}
    </div>
  );
}
