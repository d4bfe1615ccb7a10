"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { useState } from "react";
import { DataTable, tableStatus } from "@/components/data-table/data-table";
import { Truncated } from "@/components/data-table/truncated";
import { FilterField } from "@/components/ui/filter-field";
import { NativeSelect } from "@/components/ui/input";
import { ShowMore } from "@/components/ui/section";
import { CONTROLS, type Control } from "@/lib/controls/constants";
import { formatJst } from "@/lib/format";
import { useI18n } from "@/lib/i18n/client";
import { apiJson } from "./api";
import { StateBadge } from "./state-badge";
import { controlName, personText } from "./text";
import type { HistoryResponse } from "./types";

type Entry = HistoryResponse["entries"][number];

/** A bank's timeline, newest first; older entries by keyset ("Older entries"), one control or both. */
export function HistoryTimeline({ bankCode, initial }: { bankCode: string; initial: HistoryResponse }) {
  const { t } = useI18n();
  const [control, setControl] = useState<Control | "">("");
  const query = useInfiniteQuery({
    queryKey: ["controls", "history", bankCode, control],
    queryFn: ({ pageParam }) => {
      const qs = new URLSearchParams({ limit: "50" });
      if (control) qs.set("control", control);
      if (pageParam) qs.set("cursor", pageParam);
      return apiJson<HistoryResponse>(`/api/v1/controls/${bankCode}/history?${qs}`);
    },
    initialPageParam: "",
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    initialData: control ? undefined : { pages: [initial], pageParams: [""] },
  });
  const entries = query.data?.pages.flatMap((p) => p.entries) ?? [];

  const columns: ColumnDef<Entry>[] = [
    { id: "when", header: t("controls.history.when"), enableHiding: false, meta: { label: t("controls.history.when"), className: "tabular-nums" }, cell: ({ row }) => formatJst(row.original.at, { seconds: true }) },
    {
      id: "what",
      header: t("controls.history.what"),
      enableHiding: false,
      meta: { label: t("controls.history.what") },
      cell: ({ row: { original: e } }) => (
        <span className="flex items-center gap-1.5">
          <span className="font-medium">{t(`controls.history.kind.${e.kind}`)}</span>
          <span className="flex items-center gap-1">
            {controlName(t, e.control)}:
            {e.fromState ? (
              <>
                <StateBadge state={e.fromState} /> →
              </>
            ) : null}
            <StateBadge state={e.toState} />
          </span>
          {e.scheduledFor && e.kind === "requested" ? <span className="text-xs text-slate-600">{t("controls.history.scheduled", { time: formatJst(e.scheduledFor) })}</span> : null}
        </span>
      ),
    },
    {
      id: "who",
      header: t("controls.history.who"),
      meta: { label: t("controls.history.who") },
      cell: ({ row: { original: e } }) => {
        const who = e.approvedBy ? `${personText(t, e.by)} · ${t("controls.history.approvedBy", { name: personText(t, e.approvedBy) })}` : personText(t, e.by);
        return <Truncated text={who} className="max-w-64" />;
      },
    },
    { id: "why", header: t("controls.history.why"), meta: { label: t("controls.history.why") }, cell: ({ row }) => <Truncated text={row.original.reason ?? "—"} className="max-w-80" /> },
  ];

  return (
    <div className="space-y-3">
      <FilterField label={t("controls.history.filter")} error={null} className="max-w-xs">
        {(ids) => (
          <NativeSelect id={ids.id} value={control} onChange={(e) => setControl(e.target.value as Control | "")}>
            <option value="">{t("controls.history.allControls")}</option>
            {CONTROLS.map((c) => (
              <option key={c} value={c}>
                {controlName(t, c)}
              </option>
            ))}
          </NativeSelect>
        )}
      </FilterField>
      <DataTable
        tableId="controls-history"
        columns={columns}
        data={entries}
        caption={t("controls.history.caption")}
        getRowId={(e) => e.key}
        status={tableStatus(query)}
        error={query.error}
        onRetry={() => void query.refetch()}
        loadFailed={t("controls.loadFailed")}
        empty={t("controls.history.empty")}
        testId="control-history"
        footer={<ShowMore query={query} label={t("controls.history.more")} loadingLabel={t("controls.history.loadingMore")} />}
      />
    </div>
  );
}
