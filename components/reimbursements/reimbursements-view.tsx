"use client";
import { useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useState } from "react";
import { DataTablePagination } from "@/components/data-table/data-table-pagination";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { ApiError, apiJson } from "@/lib/api-client";
import { formatCount, formatYen } from "@/lib/format";
import { useT } from "@/lib/i18n/client";
import { fieldErrorText } from "@/lib/i18n/problem-text";
import { REIMBURSEMENT_QUEUES } from "@/lib/reimbursements/constants";
import type { ReimbursementPage, ReimbursementView } from "@/lib/reimbursements/schemas";
import { cn } from "@/lib/utils";
import { ReimbursementsFilters, type BankOption } from "./reimbursements-filters";
import { ReimbursementsTable } from "./reimbursements-table";
import { apiSearch, reimbursementsHref, searchString, type ReimbursementsSearch } from "./search";
import type { Decision } from "./decide-dialog";

// The decision dialog (Radix's Dialog, react-hook-form, zod, the mutation hook) loads when it opens, not with the page.
const DecideDialog = dynamic(() => import("./decide-dialog").then((m) => m.DecideDialog), { ssr: false });

/**
 * The reimbursements for one URL state (queue, filters, cursor): the queues with their totals, the
 * filters, one keyset page of rows, and approving or rejecting in a dialog. The server renders the
 * first answer; react-query refetches from /api/v1/reimbursements.
 */
export function ReimbursementsView({ search, initialData, banks }: { search: ReimbursementsSearch; initialData?: ReimbursementPage; banks: BankOption[] }) {
  const t = useT();
  const qs = searchString(apiSearch(search));
  const { cursor: _c, ...filters } = search;
  void _c;
  const query = useQuery({
    queryKey: ["reimbursements", qs],
    queryFn: () => apiJson<ReimbursementPage>(`/api/v1/reimbursements${qs ? `?${qs}` : ""}`),
    initialData,
    retry: (count, e) => count < 1 && !(e instanceof ApiError && e.status >= 400 && e.status < 500),
  });
  const [deciding, setDeciding] = useState<{ item: ReimbursementView; decision: Decision } | null>(null);
  const error = query.error instanceof ApiError ? query.error : null;
  const fieldErrors = error?.problems ?? {};
  const invalid = Object.keys(fieldErrors).length > 0;
  const page = query.data;
  const active = search.queue ?? "all";

  return (
    <div className="space-y-4">
      <nav aria-label={t("reimbursements.queues.label")} className="flex flex-wrap gap-2" data-testid="reimbursement-queues">
        {(["all", ...REIMBURSEMENT_QUEUES] as const).map((q) => {
          const total = q === "all" ? null : page?.totals[q];
          const current = q === active;
          return (
            <Link
              key={q}
              href={reimbursementsHref({ ...filters, status: undefined, queue: q })}
              aria-current={current ? "page" : undefined}
              data-testid={`queue-${q}`}
              className={cn(
                "rounded-md border px-3 py-2 text-sm focus-visible:outline-2 focus-visible:outline-brand-600",
                current ? "border-brand-700 bg-brand-50 font-semibold text-brand-900" : "border-slate-300 bg-white text-slate-800 hover:bg-slate-50",
              )}
            >
              <span className="block">{t(`reimbursements.queues.${q}`)}</span>
              {total ? <span className="block text-xs tabular-nums text-slate-700">{t("reimbursements.queues.total", { count: formatCount(total.count), yen: formatYen(total.yen) })}</span> : null}
            </Link>
          );
        })}
      </nav>

      <ReimbursementsFilters key={searchString(filters, null)} search={filters} banks={banks} errors={fieldErrors} />

      {query.isError ? (
        <Notice tone="error">
          <span className="flex flex-wrap items-center gap-3">
            <span>
              {invalid
                ? fieldErrors.cursor
                  ? fieldErrorText(t, fieldErrors.cursor)
                  : t("reimbursements.filters.invalid")
                : `${t("reimbursements.loadFailed")} ${error?.status ? t("common.errorBody", { requestId: error.requestId ?? "—" }) : t("common.networkError")}`}
            </span>
            {invalid ? null : (
              <Button type="button" variant="outline" onClick={() => void query.refetch()}>
                {t("common.retry")}
              </Button>
            )}
          </span>
        </Notice>
      ) : null}

      {page || query.isPending ? (
        <>
          <p className="sr-only" aria-live="polite">
            {query.isFetching && page ? t("reimbursements.refreshing") : ""}
          </p>
          <ReimbursementsTable
            items={page?.items ?? []}
            status={page ? "success" : "pending"}
            onDecide={(item, decision) => setDeciding({ item, decision })}
            oneBank={banks.length <= 1}
            footer={
              page ? (
                <DataTablePagination
                  cursor={search.cursor}
                  nextCursor={page.nextCursor}
                  summary={page.items.length ? t("reimbursements.pager.showing", { count: page.items.length }) : null}
                  labels={{ nav: t("reimbursements.pager.label"), first: t("reimbursements.pager.newest"), previous: t("reimbursements.pager.previous"), next: t("reimbursements.pager.next"), last: t("reimbursements.pager.lastPage") }}
                />
              ) : null
            }
          />
        </>
      ) : null}
      {deciding ? <DecideDialog item={deciding.item} decision={deciding.decision} onClose={() => setDeciding(null)} /> : null}
    </div>
  );
}
