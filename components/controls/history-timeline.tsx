"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { cell, DataTable } from "@/components/ui/data-table";
import { ListStates, ShowMore } from "@/components/ui/section";
import { CONTROLS, type Control } from "@/lib/controls/constants";
import { formatJst } from "@/lib/format";
import { useI18n } from "@/lib/i18n/client";
import { apiJson } from "./api";
import { SelectField } from "@/components/ui/select-field";
import { StateBadge } from "./state-badge";
import { controlName, personText } from "./text";
import type { HistoryResponse } from "./types";

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

  return (
    <div className="space-y-3">
      <div className="max-w-xs">
        <SelectField label={t("controls.history.filter")} value={control} onChange={(e) => setControl(e.target.value as Control | "")}>
          <option value="">{t("controls.history.allControls")}</option>
          {CONTROLS.map((c) => (
            <option key={c} value={c}>
              {controlName(t, c)}
            </option>
          ))}
        </SelectField>
      </div>
      <ListStates query={query} count={entries.length} loading={t("controls.loading")} loadFailed={t("controls.loadFailed")} empty={t("controls.history.empty")} />
      {entries.length ? (
        <DataTable
          caption={t("controls.history.caption")}
          testId="control-history"
          columns={[{ label: t("controls.history.when") }, { label: t("controls.history.what") }, { label: t("controls.history.who") }, { label: t("controls.history.why") }]}
        >
          {entries.map((e) => (
            <tr key={e.key} className="align-top">
              <td className={`${cell} whitespace-nowrap tabular-nums`}>{formatJst(e.at, { seconds: true })}</td>
              <td className={cell}>
                <span className="font-medium">{t(`controls.history.kind.${e.kind}`)}</span>
                <span className="mt-1 flex flex-wrap items-center gap-1">
                  {controlName(t, e.control)}:
                  {e.fromState ? (
                    <>
                      <StateBadge state={e.fromState} /> →
                    </>
                  ) : null}
                  <StateBadge state={e.toState} />
                </span>
                {e.scheduledFor && e.kind === "requested" ? (
                  <span className="block text-xs text-slate-600">{t("controls.history.scheduled", { time: formatJst(e.scheduledFor) })}</span>
                ) : null}
              </td>
              <td className={cell}>
                {personText(t, e.by)}
                {e.approvedBy ? <span className="block text-xs text-slate-600">{t("controls.history.approvedBy", { name: personText(t, e.approvedBy) })}</span> : null}
              </td>
              <td className={`${cell} max-w-md break-words`}>{e.reason ?? "—"}</td>
            </tr>
          ))}
        </DataTable>
      ) : null}
      <ShowMore query={query} label={t("controls.history.more")} loadingLabel={t("controls.history.loadingMore")} />
    </div>
  );
}
