"use client";
import { useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useState } from "react";
import { DataTablePagination } from "@/components/data-table/data-table-pagination";
import { Button } from "@/components/ui/button";
import { ListError } from "@/components/ui/list-error";
import { ApiError, apiJson } from "@/lib/api-client";
import { formatCount, formatYen } from "@/lib/format";
import { useT } from "@/lib/i18n/client";
import { REIMBURSEMENT_QUEUES } from "@/lib/reimbursements/constants";
import type { ReimbursementPage, ReimbursementView } from "@/lib/reimbursements/schemas";
import { cn } from "@/lib/utils";
import { ReimbursementsFilters, type BankOption } from "./reimbursements-filters";
import { ReimbursementsTable } from "./reimbursements-table";
import { apiSearch, reimbursementsHref, searchString, type ReimbursementsSearch } from "./search";
import type { Decision } from "./decide-dialog";
import type { Settlement } from "./settle-dialog";

// The decision dialog (Radix's Dialog, react-hook-form, zod, the mutation hook) loads when it opens, not with the page.
const DecideDialog = dynamic(() => import("./decide-dialog").then((m) => m.DecideDialog), { ssr: false });
// The detail sheet (Radix's Dialog as a Sheet) and the payout batch's form too.
const DetailSheet = dynamic(() => import("./detail-sheet").then((m) => m.DetailSheet), { ssr: false });
const SettleDialog = dynamic(() => import("./settle-dialog").then((m) => m.SettleDialog), { ssr: false });
const BatchDialog = dynamic(() => import("./batch-dialog").then((m) => m.BatchDialog), { ssr: false });

/**
 * The reimbursements for one URL state (queue, filters, cursor): the queues with their totals, the
 * filters, one keyset page of rows, and approving or rejecting in a dialog. The server renders the
 * first answer; react-query refetches from /api/v1/reimbursements.
 */
export function ReimbursementsView({ search, initialData, banks, canPay = false }: { search: ReimbursementsSearch; initialData?: ReimbursementPage; banks: BankOption[]; canPay?: boolean }) {
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
  // The sheet shows the row's latest answer (a decision made from it refreshes the list).
  const [detailId, setDetailId] = useState<string | null>(null);
  const [batching, setBatching] = useState(false);
  const [settling, setSettling] = useState<{ item: ReimbursementView; kind: Settlement } | null>(null);
  const fieldErrors = query.error instanceof ApiError ? query.error.problems : {};
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

      {canPay ? (
        <div className="flex flex-wrap items-center gap-3">
          <Button type="button" onClick={() => setBatching(true)}>
            {t("reimbursements.batch.open")}
          </Button>
          {page ? <span className="text-sm text-slate-700 tabular-nums">{t("reimbursements.queues.approved")}: {t("reimbursements.queues.total", { count: formatCount(page.totals.approved.count), yen: formatYen(page.totals.approved.yen) })}</span> : null}
        </div>
      ) : null}

      <ReimbursementsFilters key={searchString(filters, null)} search={filters} banks={banks} errors={fieldErrors} />

      {query.isError ? (
        <ListError error={query.error} invalid={t("reimbursements.filters.invalid")} loadFailed={t("reimbursements.loadFailed")} onRetry={() => void query.refetch()} firstPage={{ href: reimbursementsHref(filters), label: t("reimbursements.pager.newest") }} />
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
            onDetails={(item) => setDetailId(item.id)}
            onSettle={(item, kind) => setSettling({ item, kind })}
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
      {detailId && page?.items.some((r) => r.id === detailId) ? (
        <DetailSheet item={page.items.find((r) => r.id === detailId)!} onClose={() => setDetailId(null)} onDecide={(item, decision) => setDeciding({ item, decision })} onSettle={(item, kind) => setSettling({ item, kind })} />
      ) : null}
      {settling ? <SettleDialog item={settling.item} kind={settling.kind} onClose={() => setSettling(null)} /> : null}
      {batching ? <BatchDialog onClose={() => setBatching(false)} /> : null}
      {deciding ? <DecideDialog item={deciding.item} decision={deciding.decision} onClose={() => setDeciding(null)} /> : null}
    </div>
  );
}
