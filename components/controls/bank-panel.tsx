"use client";
import { ShieldAlert, ShieldCheck } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { CONTROLS } from "@/lib/controls/constants";
import { formatCount, formatJst } from "@/lib/format";
import { useI18n } from "@/lib/i18n/client";
import { ActionDialog, type OpenAction } from "./action-dialog";
import { useControlsBoard } from "./board-query";
import { PendingRequests } from "./pending-requests";
import { allowedActions } from "./row-menu";
import { StateBadge } from "./state-badge";
import { controlName, personText } from "./text";
import type { ControlsResponse } from "./types";

/**
 * A bank's page beside its history: both controls now (state, since, by whom, why, attempts
 * blocked, a loosening waiting), the actions the viewer may take on each, and the loosenings
 * waiting for this bank. The same data and dialogs as the board.
 */
export function BankPanel({ bankCode, initialBoard }: { bankCode: string; initialBoard: ControlsResponse }) {
  const { t } = useI18n();
  const [open, setOpen] = useState<OpenAction>(null);
  const data = useControlsBoard(initialBoard).data ?? initialBoard;
  const bank = data.banks.find((b) => b.bankCode === bankCode);
  if (!bank) return <Notice tone="error">{t("controls.errors.notFound")}</Notice>;
  const viewer = data.viewer;
  const anyAction = CONTROLS.some((c) => {
    const a = allowedActions(viewer, bank, c);
    return a.tighten || a.loosen;
  });
  return (
    <div className="space-y-4 break-keep wrap-break-word">
      <section aria-labelledby="bank-now-title" className="space-y-2">
        <h2 id="bank-now-title" className="text-lg font-semibold">
          {t("controls.bank.now")}
        </h2>
        {CONTROLS.map((c) => {
          const v = bank[c];
          const allowed = allowedActions(viewer, bank, c);
          const waiting = bank.openRequests.find((r) => r.control === c);
          return (
            <div key={c} className="space-y-1.5 rounded-md border border-slate-200 bg-white p-3" data-control={c}>
              <p className="flex flex-wrap items-center justify-between gap-2">
                <span className="font-semibold">{controlName(t, c)}</span>
                <StateBadge state={v.state} />
              </p>
              <p className="text-xs text-slate-700">
                {t("controls.matrix.sinceLong", { time: formatJst(v.since) })}
                {v.changedBy ? ` · ${t("controls.bank.by", { name: personText(t, v.changedBy) })}` : ""}
                {v.approvedBy ? ` · ${t("controls.table.approvedBy", { name: personText(t, v.approvedBy) })}` : ""}
              </p>
              <p className="text-xs text-slate-800">{v.reason ? t("controls.table.reason", { reason: v.reason }) : t("controls.table.noReason")}</p>
              <p className="text-xs text-slate-700">{t("controls.table.blocked", { count: formatCount(v.blockedSinceChange) })}</p>
              {waiting ? (
                <p className="text-xs font-medium text-amber-900">
                  {t("controls.table.waiting")}: {t(`controls.requests.statusName.${waiting.status}`)} → {t(`controls.state.${waiting.toState}`)}
                </p>
              ) : null}
              {allowed.tighten || allowed.loosen ? (
                <div className="flex flex-wrap gap-2 pt-1">
                  {allowed.tighten ? (
                    <Button type="button" variant="outline" size="sm" onClick={() => setOpen({ kind: "tighten", bank, control: c })}>
                      <ShieldAlert aria-hidden className="text-red-700" />
                      {t("controls.actions.tightenControl", { control: controlName(t, c) })}
                    </Button>
                  ) : null}
                  {allowed.loosen ? (
                    <Button type="button" variant="outline" size="sm" onClick={() => setOpen({ kind: "loosen", bank, control: c })}>
                      <ShieldCheck aria-hidden />
                      {t("controls.actions.requestLooseningControl", { control: controlName(t, c) })}
                    </Button>
                  ) : null}
                </div>
              ) : null}
            </div>
          );
        })}
        {anyAction ? null : <p className="text-xs text-slate-600">{t("controls.bank.noActions")}</p>}
      </section>
      {bank.openRequests.length ? (
        <PendingRequests
          requests={bank.openRequests}
          viewerIsManager={viewer.canApprove}
          compact
          onDecide={(request, decision) => setOpen({ kind: "decide", request, decision })}
          onEdit={(request) => setOpen({ kind: "loosen", bank, control: request.control, request })}
        />
      ) : null}
      <ActionDialog open={open} viewerIsCarrier={viewer.isCarrier} onClose={() => setOpen(null)} />
    </div>
  );
}
