"use client";
import { LoadFailed } from "@/components/ui/load-failed";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { CONTROLS, type Control } from "@/lib/controls/schemas";
import { formatJst } from "@/lib/format";
import { useI18n } from "@/lib/i18n/client";
import { apiJson } from "./api";
import { SelectField } from "./fields";
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
      {query.isPending ? <Notice>{t("controls.loading")}</Notice> : null}
      {query.isError ? (
        <LoadFailed message={t("controls.loadFailed")} error={query.error} onRetry={() => void query.refetch()} />
      ) : null}
      {query.isSuccess && entries.length === 0 ? <Notice>{t("controls.history.empty")}</Notice> : null}
      {entries.length ? (
        <div className="overflow-x-auto rounded-md border border-slate-200 bg-white">
          <table className="w-full border-collapse text-sm" data-testid="control-history">
            <caption className="sr-only">{t("controls.history.caption")}</caption>
            <thead>
              <tr className="border-b border-slate-300 bg-slate-50 text-left">
                <th scope="col" className="px-3 py-2 font-medium">{t("controls.history.when")}</th>
                <th scope="col" className="px-3 py-2 font-medium">{t("controls.history.what")}</th>
                <th scope="col" className="px-3 py-2 font-medium">{t("controls.history.who")}</th>
                <th scope="col" className="px-3 py-2 font-medium">{t("controls.history.why")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.key} className="border-b border-slate-100 align-top">
                  <td className="px-3 py-2 whitespace-nowrap tabular-nums">{formatJst(e.at, { seconds: true })}</td>
                  <td className="px-3 py-2">
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
                  <td className="px-3 py-2">
                    {personText(t, e.by)}
                    {e.approvedBy ? <span className="block text-xs text-slate-600">{t("controls.history.approvedBy", { name: personText(t, e.approvedBy) })}</span> : null}
                  </td>
                  <td className="max-w-md px-3 py-2 break-words">{e.reason ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {query.hasNextPage ? (
        <Button type="button" variant="secondary" disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
          {query.isFetchingNextPage ? t("controls.history.loadingMore") : t("controls.history.more")}
        </Button>
      ) : null}
    </div>
  );
}
