"use client";
import { useQuery } from "@tanstack/react-query";
import { DownloadIcon } from "lucide-react";
import Link from "next/link";
import { DataTablePagination } from "@/components/data-table/data-table-pagination";
import { buttonVariants } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import type { AuditPage } from "@/lib/audit/schemas";
import { useT } from "@/lib/i18n/client";
import { ApiError, apiJson } from "./api";
import { AuditFilters, filterErrorText, type BankOption } from "./audit-filters";
import { AuditTable } from "./audit-table";
import { auditHref, searchString, withoutCursor, type AuditSearch } from "./search";
import { VerifyChain } from "./verify-chain";

const linkClass = buttonVariants({ variant: "outline", size: "sm" });

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
    <div className="space-y-3">
      <AuditFilters key={searchString(filters, null)} search={filters} banks={banks} errors={fieldErrors} />

      <div className="flex flex-wrap items-start justify-between gap-2">
        <a href={`/api/v1/audit/export${exportQs ? `?${exportQs}` : ""}`} download className={linkClass} aria-describedby="audit-export-hint" title={t("audit.export.hint")}>
          <DownloadIcon aria-hidden />
          {t("audit.export.link")}
        </a>
        <p id="audit-export-hint" className="sr-only">
          {t("audit.export.hint")}
        </p>
        {canVerify ? <VerifyChain /> : null}
      </div>

      {invalid ? (
        <Notice tone="error">
          <div className="flex flex-wrap items-center gap-3">
            <span>{fieldErrors.cursor ? filterErrorText(t, fieldErrors.cursor) : t("audit.filters.invalid")}</span>
            {fieldErrors.cursor ? (
              <Link href={auditHref(filters)} className="underline">
                {t("audit.pager.newest")}
              </Link>
            ) : null}
          </div>
        </Notice>
      ) : (
        <>
          <p className="sr-only" aria-live="polite">
            {query.isFetching && page ? t("audit.refreshing") : ""}
          </p>
          <AuditTable
            items={page?.items ?? []}
            status={query.isError && !page ? "error" : query.isPending ? "pending" : "success"}
            error={query.error}
            onRetry={() => void query.refetch()}
            empty={t("audit.empty")}
            footer={
              page ? (
                <DataTablePagination
                  cursor={search.cursor}
                  nextCursor={page.nextCursor}
                  summary={page.items.length ? t("audit.pager.showing", { count: page.items.length }) : null}
                  labels={{ nav: t("audit.pager.label"), first: t("audit.pager.newest"), next: t("audit.pager.next"), last: t("audit.pager.lastPage") }}
                />
              ) : null
            }
          />
        </>
      )}
    </div>
  );
}
