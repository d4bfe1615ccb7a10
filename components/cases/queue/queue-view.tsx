"use client";
import { useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useState, type ReactNode } from "react";
import { DataTablePagination } from "@/components/data-table/data-table-pagination";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { ApiError, apiJson, retryUnlessRefused } from "@/lib/api-client";
import type { BulkAction } from "@/lib/cases/constants";
import type { BulkResult, CaseListItem, CasePage, SavedViewList } from "@/lib/cases/schemas";
import { useT } from "@/lib/i18n/client";
import { QueueTable, type Selection } from "./queue-table";
import { filtersOnly, queueHref, queueString, withoutCursor, type QueueSearch } from "./search";
import type { QueueChoices } from "./types";
import { ViewsBar } from "./views-bar";

// The bulk forms (react-hook-form, the route's zod schema, the kit's Dialog) load when one is opened.
const BulkDialog = dynamic(() => import("./bulk-dialog").then((m) => m.BulkDialog), { ssr: false });
// The answer of a bulk action (its codes worded) loads with its first answer.
const BulkResultPanel = dynamic(() => import("./bulk-result").then((m) => m.BulkResultPanel), { ssr: false });
// Take next (the mutation hook and its toasts) loads right after the page; the button waits for it.
const TakeNextButton = dynamic(() => import("./take-next").then((m) => m.TakeNextButton), { ssr: false, loading: TakeNextPlaceholder });

function TakeNextPlaceholder() {
  const t = useT();
  return (
    <Button type="button" disabled aria-busy>
      {t("cases.queue.takeNext.button")}
    </Button>
  );
}

export const QUEUE_KEY = ["cases"] as const;

/**
 * The investigators' queue for one URL state (filters, sort, cursor): the server renders the
 * page's rows and hands them over as initialData; react-query keeps them fresh from /api/v1/cases.
 * Saved views above, the filters, the selection (across pages, or "all N matching") with its bulk
 * bar, the table and the keyset pager.
 */
export function QueueView({
  search,
  filtersForm,
  initialData,
  initialViews,
  choices,
  canWork,
  meId,
  now,
}: {
  search: QueueSearch;
  /** The filters' GET form, rendered on the server (components/cases/queue/queue-filters.tsx). */
  filtersForm: ReactNode;
  initialData?: CasePage;
  initialViews?: SavedViewList;
  choices: QueueChoices;
  canWork: boolean;
  meId: string;
  now: number;
}) {
  const t = useT();
  const qs = queueString(search);
  const filters = withoutCursor(search);
  const filtersQs = filtersOnly(search);
  const query = useQuery({
    queryKey: [...QUEUE_KEY, qs],
    queryFn: () => apiJson<CasePage>(`/api/v1/cases${qs ? `?${qs}` : ""}`),
    initialData,
    retry: retryUnlessRefused,
  });
  const error = query.error instanceof ApiError ? query.error : null;
  const fieldErrors = error?.problems ?? {};
  const invalid = Object.keys(fieldErrors).length > 0;
  const cursorRefused = Boolean(fieldErrors.cursor);
  const page = query.data;
  // A later page does not count: the first page's count (one row) answers for the selection.
  const counted = useQuery({
    queryKey: [...QUEUE_KEY, "count", filtersQs],
    queryFn: () => apiJson<CasePage>(`/api/v1/cases?${filtersQs ? `${filtersQs}&` : ""}limit=1`).then((p) => p.matching),
    enabled: Boolean(page && page.matching === null),
    retry: retryUnlessRefused,
  });
  const matching = page?.matching ?? counted.data ?? null;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <ViewsBar initialData={initialViews} current={filtersQs} />
        {canWork ? <TakeNextButton /> : null}
      </div>

      {filtersForm}

      {query.isError ? (
        <Notice tone="error">
          <span className="flex flex-wrap items-center gap-3">
            <span>
              {invalid
                ? cursorRefused
                  ? t("errors.problem.invalid_cursor")
                  : t("cases.queue.invalid")
                : `${t("cases.queue.loadFailed")} ${error?.status ? t("common.errorBody", { requestId: error.requestId ?? "—" }) : t("common.networkError")}`}
            </span>
            {invalid ? (
              cursorRefused ? (
                <Link href={queueHref(filters)} className="underline">
                  {t("cases.queue.pager.first")}
                </Link>
              ) : null
            ) : (
              <Button type="button" variant="outline" onClick={() => void query.refetch()} data-testid="queue-retry">
                {t("common.retry")}
              </Button>
            )}
          </span>
        </Notice>
      ) : null}

      {page || query.isPending ? (
        // Keyed by the filters: a new filter starts a new selection; paging keeps it.
        <SelectableQueue
          key={filtersQs}
          search={search}
          filtersQs={filtersQs}
          page={page}
          fetching={query.isFetching}
          matching={matching}
          choices={choices}
          canWork={canWork}
          meId={meId}
          now={now}
        />
      ) : null}
    </div>
  );
}

function SelectableQueue({
  search,
  filtersQs,
  page,
  fetching,
  matching,
  choices,
  canWork,
  meId,
  now,
}: {
  search: QueueSearch;
  filtersQs: string;
  page: CasePage | undefined;
  fetching: boolean;
  matching: CasePage["matching"];
  choices: QueueChoices;
  canWork: boolean;
  meId: string;
  now: number;
}) {
  const t = useT();
  const [ids, setIds] = useState<Map<string, number>>(() => new Map());
  const [all, setAll] = useState(false);
  const [action, setAction] = useState<BulkAction | null>(null);
  const [result, setResult] = useState<BulkResult | null>(null);
  const items = page?.items ?? [];

  const selection: Selection | null = canWork
    ? {
        ids,
        all,
        toggle: (row: CaseListItem, on: boolean) =>
          setIds((prev) => {
            const next = new Map(prev);
            if (on) next.set(row.id, row.version);
            else next.delete(row.id);
            return next;
          }),
        togglePage: (rows: CaseListItem[], on: boolean) =>
          setIds((prev) => {
            const next = new Map(prev);
            for (const r of rows) {
              if (on) next.set(r.id, r.version);
              else next.delete(r.id);
            }
            return next;
          }),
      }
    : null;
  const clear = () => {
    setIds(new Map());
    setAll(false);
  };
  const count = all ? (matching?.count ?? 0) : ids.size;
  const pageAllSelected = items.length > 0 && items.every((r) => ids.has(r.id));
  const offerAll = !all && pageAllSelected && matching !== null && matching.count > ids.size;
  const target = all ? { filter: filtersQs } : { ids: [...ids].map(([id, version]) => ({ id, version })) };

  const summary = (
    <span className="flex flex-wrap items-baseline gap-x-3">
      {page && page.items.length ? <span>{t("cases.queue.showing", { count: page.items.length })}</span> : null}
      {matching ? (
        <span data-testid="queue-matching">{matching.capped ? t("cases.queue.matchingCapped", { count: matching.count }) : t("cases.queue.matching", { count: matching.count })}</span>
      ) : null}
    </span>
  );

  return (
    <div className="space-y-3">
      {result ? <BulkResultPanel result={result} onClose={() => setResult(null)} /> : null}
      {selection && (count > 0 || offerAll) ? (
        <div role="region" aria-label={t("cases.queue.bulk.label")} className="sticky top-0 z-30 flex flex-wrap items-center gap-2 rounded-md border border-brand-200 bg-brand-50 px-3 py-2 text-sm" data-testid="bulk-bar">
          <span className="font-semibold" data-testid="selection-count" aria-live="polite">
            {all ? t("cases.queue.selection.allMatching", { count }) : t("cases.queue.selection.count", { count })}
          </span>
          {offerAll ? (
            <>
              <span className="text-slate-700">{t("cases.queue.selection.pageSelected", { count: items.length })}</span>
              <Button type="button" size="sm" variant="link" className="px-0" onClick={() => setAll(true)}>
                {t("cases.queue.selection.selectAll", { count: matching.count })}
              </Button>
            </>
          ) : null}
          <span className="flex flex-wrap gap-2 sm:ml-auto">
            {(["assign", "status", "incident", "snooze"] as const).map((a) => (
              <Button key={a} type="button" size="sm" variant="outline" className="bg-white" onClick={() => setAction(a)}>
                {t(`cases.queue.bulk.${a}`)}
              </Button>
            ))}
            <Button type="button" size="sm" variant="ghost" onClick={clear}>
              {t("cases.queue.selection.clear")}
            </Button>
          </span>
        </div>
      ) : null}
      {action ? (
        <BulkDialog
          action={action}
          target={target}
          count={count}
          people={choices.people}
          meId={meId}
          onClose={() => setAction(null)}
          onDone={(r) => {
            setAction(null);
            setResult(r);
            clear();
          }}
        />
      ) : null}
      <p className="sr-only" aria-live="polite">
        {fetching && page ? t("cases.queue.refreshing") : ""}
      </p>
      <QueueTable
        items={items}
        status={page ? "success" : "pending"}
        search={search}
        selection={selection}
        now={now}
        showBank={choices.banks.length > 0}
        empty={filtersQs ? t("cases.queue.empty") : t("cases.queue.emptyOpen")}
        footer={
          page ? (
            <DataTablePagination
              cursor={search.cursor}
              nextCursor={page.nextCursor}
              prevCursor={page.prevCursor}
              summary={summary}
              labels={{ nav: t("cases.queue.pager.label"), first: t("cases.queue.pager.first"), previous: t("cases.queue.pager.previous"), next: t("cases.queue.pager.next"), last: t("cases.queue.pager.last") }}
            />
          ) : null
        }
      />
    </div>
  );
}
