"use client";
import { LoadFailed } from "@/components/ui/load-failed";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { cell, DataTable } from "@/components/ui/data-table";
import { Field } from "@/components/ui/labelled-field";
import { Notice } from "@/components/ui/notice";
import { filterBanks } from "@/lib/controls/filter";
import { CONTROL_STATES, CONTROLS, type Control, type ControlsFilters, type StateFilter } from "@/lib/controls/schemas";
import { formatCount, formatJst } from "@/lib/format";
import { useI18n } from "@/lib/i18n/client";
import { apiJson } from "./api";
import { BulkTighten } from "./bulk-tighten";
import { PendingRequests } from "./pending-requests";
import { Dialog } from "./dialog";
import { SelectField } from "./fields";
import { DecideForm, LooseningForm, type Decision } from "./request-forms";
import { StateBadge } from "./state-badge";
import { bankName, controlName, personText, requestBank } from "./text";
import { TightenForm } from "./tighten-dialog";
import type { BankControlsView, ControlsResponse, RequestView } from "./types";

type Open =
  | { kind: "tighten"; bank: BankControlsView; control: Control }
  | { kind: "loosen"; bank: BankControlsView; control: Control; request?: RequestView }
  | { kind: "decide"; request: RequestView; decision: Decision }
  | null;

type Status = { tone: "success" | "error" | "info"; text: string } | null;

const FILTER_KEYS = ["q", "registrations", "charges"] as const;

/**
 * The Controls page: every bank in scope with its two switches, what the viewer may do with them,
 * the loosenings waiting, bulk tightening for the carrier. The whole list (a few dozen banks) is
 * fetched once and filtered here with the API's own filter; the filters live in the URL.
 */
export function ControlsBoard({ initialData, initialFilters }: { initialData?: ControlsResponse; initialFilters: ControlsFilters }) {
  const { t, locale } = useI18n();
  const router = useRouter();
  const pathname = usePathname();
  const queryClient = useQueryClient();
  const [filters, setFilters] = useState<ControlsFilters>(initialFilters);
  const [open, setOpen] = useState<Open>(null);
  const [status, setStatus] = useState<Status>(null);
  const [selected, setSelected] = useState<string[]>([]);

  const query = useQuery({
    queryKey: ["controls", "board"],
    queryFn: () => apiJson<ControlsResponse>("/api/v1/controls"),
    initialData,
    refetchInterval: 30_000,
  });
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

  function refresh() {
    void queryClient.invalidateQueries({ queryKey: ["controls"] });
  }
  function done(text: string) {
    setOpen(null);
    setStatus({ tone: "success", text });
    refresh();
  }
  const stateName = (s: string) => t(`controls.state.${s as "open"}`);

  const dialogTitle = !open
    ? ""
    : open.kind === "tighten"
      ? t("controls.tighten.title", { control: controlName(t, open.control), bank: bankName(locale, open.bank) })
      : open.kind === "loosen"
        ? t(open.request ? "controls.loosen.editTitle" : "controls.loosen.title", { control: controlName(t, open.control), bank: bankName(locale, open.bank) })
        : t("controls.requests.decideTitle", {
            action: t(open.decision === "approve" ? "controls.requests.approve" : open.decision === "reject" ? "controls.requests.reject" : "controls.requests.cancel"),
            control: controlName(t, open.request.control),
            bank: bankName(locale, requestBank(open.request)),
            state: stateName(open.request.toState),
          });

  if (!data) {
    return query.isError ? (
      <LoadFailed message={t("controls.loadFailed")} error={query.error} onRetry={() => void query.refetch()} />
    ) : (
      <Notice>{t("controls.loading")}</Notice>
    );
  }

  const viewer = data.viewer;
  const stateFilterOptions = (
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

  return (
    <div className="space-y-6">
      {status ? <Notice tone={status.tone}>{status.text}</Notice> : null}
      {query.isError ? (
        <LoadFailed message={t("controls.loadFailed")} error={query.error} onRetry={() => void query.refetch()} />
      ) : null}
      <p className="sr-only" aria-live="polite">
        {query.isFetching ? t("controls.refreshing") : ""}
      </p>

      {viewer.canBulkTighten ? (
        <details className="rounded-md border border-slate-200 bg-white p-4">
          <summary className="cursor-pointer text-lg font-semibold">{t("controls.bulk.title")}</summary>
          <div className="mt-3">
            <BulkTighten
              totalBanks={data.totalBanks}
              selected={selected}
              onDone={(r) => {
                setStatus({ tone: "success", text: t("controls.bulk.result", { changed: r.changed, unchanged: r.unchanged }) });
                setSelected([]);
                refresh();
              }}
            />
          </div>
        </details>
      ) : null}

      <PendingRequests
        requests={requests}
        viewerIsManager={viewer.canApprove}
        onDecide={(request, decision) => setOpen({ kind: "decide", request, decision })}
        onEdit={(request) => {
          const bank = data.banks.find((b) => b.bankId === request.bankId);
          if (bank) setOpen({ kind: "loosen", bank, control: request.control, request });
        }}
      />

      <section aria-labelledby="banks-title" className="space-y-3">
        <h2 id="banks-title" className="text-lg font-semibold">
          {t("controls.table.caption")}
        </h2>
        <form role="search" aria-label={t("controls.filters.legend")} className="grid gap-3 rounded-md border border-slate-200 bg-white p-3 sm:grid-cols-4" onSubmit={(e) => e.preventDefault()}>
          <Field label={t("controls.filters.search")} type="search" name="q" maxLength={100} value={filters.q ?? ""} onChange={(e) => updateFilters({ ...filters, q: e.target.value || undefined })} />
          <SelectField label={t("controls.filters.registrations")} name="registrations" value={filters.registrations ?? ""} onChange={(e) => updateFilters({ ...filters, registrations: (e.target.value || undefined) as StateFilter | undefined })}>
            {stateFilterOptions}
          </SelectField>
          <SelectField label={t("controls.filters.charges")} name="charges" value={filters.charges ?? ""} onChange={(e) => updateFilters({ ...filters, charges: (e.target.value || undefined) as StateFilter | undefined })}>
            {stateFilterOptions}
          </SelectField>
          <div className="flex flex-col justify-end gap-1">
            <p className="text-sm text-slate-700" aria-live="polite">
              {t("controls.filters.showing", { shown: banks.length, total: data.totalBanks })}
            </p>
            <Button type="button" variant="ghost" onClick={() => updateFilters({})} disabled={!filters.q && !filters.registrations && !filters.charges}>
              {t("controls.filters.clear")}
            </Button>
          </div>
        </form>

        {banks.length === 0 ? (
          <Notice>{t("controls.filters.none")}</Notice>
        ) : (
          <DataTable
            caption={t("controls.table.caption")}
            testId="controls-table"
            columns={[
              ...(viewer.canBulkTighten ? [{ label: <span className="sr-only">{t("controls.bulk.chosen")}</span>, className: "w-8" }] : []),
              { label: t("controls.table.bank") },
              ...CONTROLS.map((c) => ({
                label: (
                  <>
                    {controlName(t, c)}
                    <span className="block text-xs font-normal text-slate-600">{t(`controls.controlHint.${c}`)}</span>
                  </>
                ),
              })),
              { label: t("controls.table.actions") },
            ]}
          >
            {banks.map((b) => (
              <tr key={b.bankId} className="align-top" data-bank-code={b.bankCode}>
                {viewer.canBulkTighten ? (
                  <td className={cell}>
                    <input
                      type="checkbox"
                      aria-label={t("controls.bulk.select", { bank: bankName(locale, b) })}
                      checked={selected.includes(b.bankCode)}
                      onChange={(e) => setSelected((s) => (e.target.checked ? [...s, b.bankCode] : s.filter((c) => c !== b.bankCode)))}
                    />
                  </td>
                ) : null}
                <th scope="row" className="px-3 py-2 text-left font-medium">
                  <span className="block">{locale === "ja" ? b.nameJa : b.nameEn}</span>
                  <span className="font-mono text-xs text-slate-600">{b.bankCode}</span>
                </th>
                {CONTROLS.map((c) => {
                  const v = b[c];
                  const waiting = b.openRequests.find((r) => r.control === c);
                  const label = { control: controlName(t, c), bank: bankName(locale, b) };
                  return (
                    <td key={c} className={cell} data-control={c}>
                      <div className="space-y-1">
                        <StateBadge state={v.state} />
                        <p className="text-xs text-slate-700">
                          {t("controls.table.since", { time: formatJst(v.since) })}
                          {v.changedBy ? ` · ${t("controls.table.by", { name: personText(t, v.changedBy) })}` : ""}
                          {v.approvedBy ? ` · ${t("controls.table.approvedBy", { name: personText(t, v.approvedBy) })}` : ""}
                        </p>
                        <p className="max-w-xs text-xs break-words text-slate-700">{v.reason ? t("controls.table.reason", { reason: v.reason }) : t("controls.table.noReason")}</p>
                        <p className="text-xs text-slate-700">{t("controls.table.blocked", { count: formatCount(v.blockedSinceChange) })}</p>
                        {waiting ? <p className="text-xs font-medium text-amber-900">{t("controls.table.waiting")}: {t(`controls.requests.statusName.${waiting.status}`)}</p> : null}
                        <div className="flex flex-wrap gap-2 pt-1">
                          {viewer.canTighten && b.canChange && v.state !== "suspended" ? (
                            <Button type="button" variant="destructive" className="px-2 py-1 text-xs" aria-label={t("controls.actions.tightenAt", label)} onClick={() => setOpen({ kind: "tighten", bank: b, control: c })}>
                              {t("controls.actions.tighten")}
                            </Button>
                          ) : null}
                          {viewer.canRequestLoosening && b.canChange && v.state !== "open" && !waiting ? (
                            <Button type="button" variant="outline" className="px-2 py-1 text-xs" aria-label={t("controls.actions.requestLooseningAt", label)} onClick={() => setOpen({ kind: "loosen", bank: b, control: c })}>
                              {t("controls.actions.requestLoosening")}
                            </Button>
                          ) : null}
                        </div>
                      </div>
                    </td>
                  );
                })}
                <td className={cell}>
                  <Link href={`/controls/${b.bankCode}`} className="text-brand-700 underline" aria-label={t("controls.actions.historyOf", { bank: bankName(locale, b) })}>
                    {t("controls.actions.history")}
                  </Link>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>

      <Dialog open={open !== null} title={dialogTitle} onClose={() => setOpen(null)} wide={open?.kind === "tighten"}>
        {open?.kind === "tighten" ? (
          <TightenForm
            bank={open.bank}
            control={open.control}
            onCancel={() => setOpen(null)}
            onDone={(r) => {
              const text = t("controls.tighten.done", { control: controlName(t, r.control), bank: bankName(locale, open.bank), state: stateName(r.toState), version: r.version });
              done(r.cancelledRequests ? `${text} ${t("controls.tighten.cancelledRequests", { count: r.cancelledRequests })}` : text);
            }}
          />
        ) : open?.kind === "loosen" ? (
          <LooseningForm
            bank={open.bank}
            control={open.control}
            request={open.request}
            onCancel={() => setOpen(null)}
            onDone={(r) => done(open.request ? t("controls.loosen.edited", { revision: r.revision }) : t("controls.loosen.sent"))}
          />
        ) : open?.kind === "decide" ? (
          <DecideForm
            request={open.request}
            decision={open.decision}
            onCancel={() => {
              setOpen(null);
              refresh();
            }}
            onDone={(r) => {
              const vars = { control: controlName(t, r.control), bank: bankName(locale, requestBank(r)), state: stateName(r.toState) };
              if (open.decision === "approve")
                done(r.status === "approved" && r.scheduledFor ? t("controls.requests.approvedScheduled", { time: formatJst(r.scheduledFor) }) : t("controls.requests.approved", vars));
              else done(open.decision === "reject" ? t("controls.requests.rejected") : t("controls.requests.cancelled"));
            }}
          />
        ) : null}
      </Dialog>
    </div>
  );
}
