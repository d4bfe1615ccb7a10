"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import type { LinkPage } from "@/lib/accounts/schemas";
import { useT } from "@/lib/i18n/client";
import { ApiError, apiJson } from "./api";
import { AccountsFilters, type BankOption } from "./accounts-filters";
import { fieldErrorText } from "@/lib/i18n/problem-text";
import { ExportButton } from "./export-button";
import { LinksTable } from "./links-table";
import { accountsHref, searchString, withoutCursor, type AccountsSearch } from "./search";

const linkClass =
  "inline-flex items-center rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-900 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600";

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
  const error = query.error instanceof ApiError ? query.error : null;
  const fieldErrors = error?.problems ?? {};
  const invalid = Object.keys(fieldErrors).length > 0;
  const cursorRefused = Boolean(fieldErrors.cursor);
  const page = query.data;

  return (
    <div className="space-y-4">
      <AccountsFilters key={searchString(filters, null)} search={filters} banks={banks} errors={fieldErrors} />

      <ExportButton qs={searchString(filters, null)} />

      {query.isPending ? <Notice>{t("accounts.loading")}</Notice> : null}

      {query.isError ? (
        <Notice tone="error">
          <span className="flex flex-wrap items-center gap-3">
            <span>
              {invalid
                ? cursorRefused
                  ? fieldErrorText(t, fieldErrors.cursor!)
                  : t("accounts.filters.invalid")
                : `${t("accounts.loadFailed")} ${error?.status ? t("common.errorBody", { requestId: error.requestId ?? "—" }) : t("common.networkError")}`}
            </span>
            {invalid ? (
              cursorRefused ? (
                <Link href={accountsHref(filters)} className="underline">
                  {t("accounts.pager.newest")}
                </Link>
              ) : null
            ) : (
              <Button type="button" variant="outline" onClick={() => void query.refetch()}>
                {t("common.retry")}
              </Button>
            )}
          </span>
        </Notice>
      ) : null}

      {page ? (
        <>
          <p className="sr-only" aria-live="polite">
            {query.isFetching ? t("accounts.refreshing") : ""}
          </p>
          {page.estimatedTotal !== null && page.items.length > 0 ? (
            <p className="text-sm text-slate-700" data-testid="accounts-estimate">
              {t("accounts.estimate", { count: Math.max(page.estimatedTotal, page.items.length) })}
            </p>
          ) : null}
          {page.items.length === 0 ? <Notice>{t("accounts.empty")}</Notice> : <LinksTable items={page.items} />}
          <nav aria-label={t("accounts.pager.label")} className="flex flex-wrap items-center gap-3">
            {search.cursor ? (
              <Link href={accountsHref(filters)} className={linkClass}>
                {t("accounts.pager.newest")}
              </Link>
            ) : null}
            {page.prevCursor ? (
              <Link href={accountsHref(filters, page.prevCursor)} className={linkClass} rel="prev">
                {t("accounts.pager.previous")}
              </Link>
            ) : null}
            {page.nextCursor ? (
              <Link href={accountsHref(filters, page.nextCursor)} className={linkClass} rel="next">
                {t("accounts.pager.next")}
              </Link>
            ) : page.items.length ? (
              <span className="text-sm text-slate-600">{t("accounts.pager.lastPage")}</span>
            ) : null}
            {page.items.length ? <span className="text-sm text-slate-600">{t("accounts.pager.showing", { count: page.items.length })}</span> : null}
          </nav>
        </>
      ) : null}
    </div>
  );
}
