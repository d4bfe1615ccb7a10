"use client";
import { ShieldAlert } from "lucide-react";
import dynamic from "next/dynamic";
import { usePathname, useRouter } from "next/navigation";
import { useId, useMemo, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Input, NativeSelect } from "@/components/ui/input";
import { LoadFailed } from "@/components/ui/load-failed";
import { Notice } from "@/components/ui/notice";
import { filterBanks } from "@/lib/controls/filter";
import { CONTROL_STATES, type StateFilter } from "@/lib/controls/constants";
import type { ControlsFilters } from "@/lib/controls/schemas";
import { useT } from "@/lib/i18n/client";
import { ActionDialog, type OpenAction } from "./action-dialog";
import { FormDialog } from "@/components/ui/form-dialog";
import { ControlsMatrix } from "./matrix";
import { PendingRequests } from "./pending-requests";
import { useControlsBoard } from "./board-query";
import { RowMenu } from "./row-menu";
import { ControlsSummaryBar } from "./summary";
import type { ControlsResponse } from "./types";

// The bulk form (react-hook-form, the resolver, zod) loads when its dialog opens (issue #13 §9).
const BulkTightenForm = dynamic(() => import("./bulk-tighten").then((m) => m.BulkTightenForm), { ssr: false });

const FILTER_KEYS = ["q", "registrations", "charges"] as const;

/**
 * The Controls page as an operations floor needs it during containment: the counts on top (per
 * control, suspended N of all, strong-only, open, attempts blocked; loosenings waiting), then every
 * bank in one compact matrix with its actions in a row menu, then the loosenings waiting. The list
 * (a few dozen banks) is fetched once and filtered here with the API's own filter; the filters live
 * in the URL.
 */
export function ControlsBoard({ initialData, initialFilters, heading }: { initialData?: ControlsResponse; initialFilters: ControlsFilters; heading: ReactNode }) {
  const t = useT();
  const router = useRouter();
  const pathname = usePathname();
  const [filters, setFilters] = useState<ControlsFilters>(initialFilters);
  const [open, setOpen] = useState<OpenAction>(null);
  const [bulkOpen, setBulkOpen] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);

  const query = useControlsBoard(initialData);
  const data = query.data;
  const banks = useMemo(() => (data ? filterBanks(data.banks, filters) : []), [data, filters]);
  const requests = useMemo(() => (data ? data.banks.flatMap((b) => b.openRequests) : []), [data]);

  function updateFilters(next: ControlsFilters) {
    setFilters(next);
    const params = new URLSearchParams();
    for (const k of FILTER_KEYS) if (next[k]) params.set(k, String(next[k]));
    const qs = params.toString();
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  }

  if (!data) {
    return (
      <div className="space-y-3">
        {heading}
        {query.isError ? <LoadFailed message={t("controls.loadFailed")} error={query.error} onRetry={() => void query.refetch()} /> : <Notice>{t("controls.loading")}</Notice>}
      </div>
    );
  }
  const viewer = data.viewer;

  return (
    <div className="space-y-3 break-keep wrap-break-word">
      <div className="flex flex-wrap items-start justify-between gap-3">
        {heading}
        {viewer.canBulkTighten ? (
          <Button type="button" variant="outline" onClick={() => setBulkOpen(true)}>
            <ShieldAlert aria-hidden className="text-red-700" />
            {selected.length ? `${t("controls.actions.bulk")} (${t("controls.bulk.selected", { count: selected.length })})` : t("controls.actions.bulk")}
          </Button>
        ) : null}
      </div>
      {query.isError ? <LoadFailed message={t("controls.loadFailed")} error={query.error} onRetry={() => void query.refetch()} /> : null}
      <p className="sr-only" aria-live="polite">
        {query.isFetching ? t("controls.refreshing") : ""}
      </p>

      <ControlsSummaryBar summary={data.summary} totalBanks={data.totalBanks} />

      <section aria-labelledby="banks-title" className="space-y-2">
        <h2 id="banks-title" className="sr-only">
          {t("controls.table.caption")}
        </h2>
        <Filters filters={filters} onChange={updateFilters} shown={banks.length} total={data.totalBanks} />
        {banks.length === 0 ? (
          <Notice>{t("controls.filters.none")}</Notice>
        ) : (
          <ControlsMatrix
            banks={banks}
            asOf={data.generatedAt}
            selectable={viewer.canBulkTighten}
            selected={selected}
            onSelect={(code, checked) => setSelected((s) => (checked ? [...s, code] : s.filter((c) => c !== code)))}
            menu={(b) => <RowMenu bank={b} viewer={viewer} onAction={setOpen} />}
          />
        )}
      </section>

      <PendingRequests
        requests={requests}
        viewerIsManager={viewer.canApprove}
        onDecide={(request, decision) => setOpen({ kind: "decide", request, decision })}
        onEdit={(request) => {
          const bank = data.banks.find((b) => b.bankId === request.bankId);
          if (bank) setOpen({ kind: "loosen", bank, control: request.control, request });
        }}
      />

      <ActionDialog open={open} viewerIsCarrier={viewer.isCarrier} onClose={() => setOpen(null)} />
      {viewer.canBulkTighten ? (
        <FormDialog open={bulkOpen} onOpenChange={setBulkOpen} title={t("controls.bulk.title")} wide>
          <BulkTightenForm totalBanks={data.totalBanks} selected={selected} onDone={() => setSelected([])} onClose={() => setBulkOpen(false)} />
        </FormDialog>
      ) : null}
    </div>
  );
}

/** Search and the two state filters, on one line above the matrix. */
function Filters({ filters, onChange, shown, total }: { filters: ControlsFilters; onChange: (f: ControlsFilters) => void; shown: number; total: number }) {
  const t = useT();
  const id = useId();
  const stateName = (s: string) => t(`controls.state.${s as "open"}`);
  const options = (
    <>
      <option value="">{t("controls.filters.any")}</option>
      {CONTROL_STATES.map((s) => (
        <option key={s} value={s}>
          {t("controls.filters.is", { state: stateName(s) })}
        </option>
      ))}
      {CONTROL_STATES.map((s) => (
        <option key={`not_${s}`} value={`not_${s}`}>
          {t("controls.filters.not", { state: stateName(s) })}
        </option>
      ))}
    </>
  );
  const label = "text-xs font-medium whitespace-nowrap text-slate-700";
  return (
    <form role="search" aria-label={t("controls.filters.legend")} className="flex flex-wrap items-center gap-x-3 gap-y-2" onSubmit={(e) => e.preventDefault()}>
      <div className="flex items-center gap-2">
        <label htmlFor={`${id}-q`} className={label}>
          {t("controls.filters.search")}
        </label>
        <Input id={`${id}-q`} type="search" name="q" maxLength={100} className="h-8 w-40" value={filters.q ?? ""} onChange={(e) => onChange({ ...filters, q: e.target.value || undefined })} />
      </div>
      {(["registrations", "charges"] as const).map((c) => (
        <div key={c} className="flex items-center gap-2">
          <label htmlFor={`${id}-${c}`} className={label}>
            {t(`controls.filters.${c}`)}
          </label>
          <NativeSelect id={`${id}-${c}`} name={c} className="h-8 w-44" value={filters[c] ?? ""} onChange={(e) => onChange({ ...filters, [c]: (e.target.value || undefined) as StateFilter | undefined })}>
            {options}
          </NativeSelect>
        </div>
      ))}
      <p className="text-xs text-slate-700" aria-live="polite">
        {t("controls.filters.showing", { shown, total })}
      </p>
      <Button type="button" variant="ghost" size="sm" onClick={() => onChange({})} disabled={!filters.q && !filters.registrations && !filters.charges}>
        {t("controls.filters.clear")}
      </Button>
    </form>
  );
}
