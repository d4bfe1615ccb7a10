"use client";
import { useQuery } from "@tanstack/react-query";
import Link, { useLinkStatus } from "next/link";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import type { AuditPage } from "@/lib/audit/schemas";
import { useT } from "@/lib/i18n/client";
import { ApiError, apiJson } from "./api";
import { AuditFilters, filterErrorText, type BankOption } from "./audit-filters";
import { AuditTable } from "./audit-table";
import { auditHref, searchString, withoutCursor, type AuditSearch } from "./search";
import { VerifyChain } from "./verify-chain";

const linkClass =
  "inline-flex items-center rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-900 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600";

/** Inside a Link: says the next page is on its way while the server renders it. */
function PendingMark() {
  const { pending } = useLinkStatus();
  const t = useT();
  return pending ? <span className="text-slate-600"> — {t("audit.loading")}</span> : null;
}

/**
 * The audit log for one URL state (filters + cursor). The server renders the first page and hands
 * it over as initialData; react-query refetches from /api/v1/audit (focus, retry).
 */
export function AuditView({
  search,
  initialData,
  banks,
  canVerify,
}: {
  search: AuditSearch;
  initialData?: AuditPage;
  banks: BankOption[];
  canVerify: boolean;
}) {
  const t = useT();
  const qs = searchString(search);
  const filters = withoutCursor(search);
  const query = useQuery({
    queryKey: ["audit", qs],
    queryFn: () => apiJson<AuditPage>(`/api/v1/audit${qs ? `?${qs}` : ""}`),
    initialData,
    // A refused filter stays refused: retry only what may pass next time.
    retry: (count, e) => count < 1 && !(e instanceof ApiError && e.status >= 400 && e.status < 500),
  });
  const error = query.error instanceof ApiError ? query.error : null;
  const fieldErrors = error?.problems ?? {};
  const invalid = Object.keys(fieldErrors).length > 0;
  const page = query.data;
  const exportQs = searchString(filters, null);

  return (
    <div className="space-y-4">
      <AuditFilters key={searchString(filters, null)} search={filters} banks={banks} errors={fieldErrors} />

      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="space-y-1">
          <a href={`/api/v1/audit/export${exportQs ? `?${exportQs}` : ""}`} download className={linkClass} aria-describedby="audit-export-hint">
            {t("audit.export.link")}
          </a>
          <p id="audit-export-hint" className="max-w-md text-xs text-slate-600">
            {t("audit.export.hint")}
          </p>
        </div>
        {canVerify ? <VerifyChain /> : null}
      </div>

      {query.isPending ? <Notice>{t("audit.loading")}</Notice> : null}

      {query.isError ? (
        <Notice tone="error">
          <div className="flex flex-wrap items-center gap-3">
            <span>
              {invalid
                ? fieldErrors.cursor
                  ? filterErrorText(t, fieldErrors.cursor)
                  : t("audit.filters.invalid")
                : `${t("audit.loadFailed")} ${error?.status ? t("common.errorBody", { requestId: error.requestId ?? "—" }) : t("common.networkError")}`}
            </span>
            {invalid ? (
              fieldErrors.cursor ? (
                <Link href={auditHref(filters)} className="underline">
                  {t("audit.pager.newest")}
                </Link>
              ) : null
            ) : (
              <Button type="button" variant="outline" onClick={() => void query.refetch()}>
                {t("common.retry")}
              </Button>
            )}
          </div>
        </Notice>
      ) : null}

      {page ? (
        <>
          <p className="sr-only" aria-live="polite">
            {query.isFetching ? t("audit.refreshing") : ""}
          </p>
          {page.items.length === 0 ? (
            <Notice>{t("audit.empty")}</Notice>
          ) : (
            <AuditTable items={page.items} />
          )}
          <nav aria-label={t("audit.pager.label")} className="flex flex-wrap items-center gap-3">
            {search.cursor ? (
              <Link href={auditHref(filters)} className={linkClass}>
                {t("audit.pager.newest")}
                <PendingMark />
              </Link>
            ) : null}
            {page.nextCursor ? (
              <Link href={auditHref(filters, page.nextCursor)} className={linkClass}>
                {t("audit.pager.next")}
                <PendingMark />
              </Link>
            ) : page.items.length ? (
              <span className="text-sm text-slate-600">{t("audit.pager.lastPage")}</span>
            ) : null}
            {page.items.length ? <span className="text-sm text-slate-600">{t("audit.pager.showing", { count: page.items.length })}</span> : null}
          </nav>
        </>
      ) : null}
    </div>
  );
}
