"use client";
import { LoadFailed } from "@/components/ui/load-failed";
import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { CONTROL_STATES, stateRank, type Control, type ControlStateName } from "@/lib/controls/schemas";
import { formatCount, formatJst, formatYen } from "@/lib/format";
import { useI18n } from "@/lib/i18n/client";
import { apiJson, sendJson } from "./api";
import { CurrentState, DialogFooter, ReasonField, StateChoice, TypedConfirmation, useChangeSubmit } from "./change-form";
import { fieldError } from "./text";
import type { BankControlsView, BlastRadius, ChangeResult } from "./types";

export function BlastRadiusTable({ bankCode, control, toState }: { bankCode: string; control: Control; toState: ControlStateName }) {
  const { t } = useI18n();
  const query = useQuery({
    queryKey: ["controls", "blast-radius", bankCode, control, toState],
    queryFn: () => apiJson<BlastRadius>(`/api/v1/controls/${bankCode}/blast-radius?control=${control}&toState=${toState}`),
    staleTime: 0,
  });
  if (query.isPending) return <Notice>{t("controls.blast.loading")}</Notice>;
  if (query.isError)
    return (
      <LoadFailed message={t("controls.blast.failed")} error={query.error} onRetry={() => void query.refetch()} />
    );
  const r = query.data;
  const cy = (v: { count: number; yen: number }) => t("controls.blast.countYen", { count: formatCount(v.count), yen: formatYen(v.yen) });
  const na = t("controls.blast.notApplicable");
  const charges = control === "charges";
  const rows: [string, string, string][] = [
    [t("controls.blast.activeLinks"), formatCount(r.activeLinks.total), charges ? formatCount(r.wouldStop.activeLinks) : na],
    [t("controls.blast.pinOnly"), formatCount(r.activeLinks.pin_only), na],
    [t("controls.blast.strong"), formatCount(r.activeLinks.otp + r.activeLinks.identity_document), na],
    [t("controls.blast.links72h"), formatCount(r.linksLast72h.total), charges ? na : formatCount(r.wouldStop.linksLast72h)],
    [t("controls.blast.links72hPin"), formatCount(r.linksLast72h.pin_only), na],
    [t("controls.blast.charges24h"), cy(r.charges.last24h), charges ? cy(r.wouldStop.charges24h) : na],
    [t("controls.blast.charges7d"), cy(r.charges.last7d), charges ? cy(r.wouldStop.charges7d) : na],
  ];
  return (
    <div className="space-y-1" data-testid="blast-radius">
      <table className="w-full border-collapse text-sm">
        <caption className="mb-1 text-left text-sm font-medium text-slate-800">{t("controls.blast.caption", { state: t(`controls.state.${toState}`) })}</caption>
        <thead>
          <tr className="border-b border-slate-300 text-left">
            <th scope="col" className="py-1 pr-2 font-medium">
              {t("controls.blast.measure")}
            </th>
            <th scope="col" className="py-1 pr-2 text-right font-medium">
              {t("controls.blast.value")}
            </th>
            <th scope="col" className="py-1 text-right font-medium">
              {t("controls.blast.wouldStop")}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, value, stop]) => (
            <tr key={label} className="border-b border-slate-100">
              <th scope="row" className="py-1 pr-2 text-left font-normal">
                {label}
              </th>
              <td className="py-1 pr-2 text-right tabular-nums">{value}</td>
              <td className="py-1 text-right font-semibold tabular-nums">{stop}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="text-xs text-slate-600">{t("controls.blast.computedIn", { time: formatJst(r.computedAt, { seconds: true }), ms: r.elapsedMs })}</p>
    </div>
  );
}

/**
 * Tightening one control: the new state, a reason, the live blast radius of that state, and the
 * bank code typed by hand (the button stays disabled until it matches).
 */
export function TightenForm({ bank, control, onDone, onCancel }: { bank: BankControlsView; control: Control; onDone: (r: ChangeResult) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const current = bank[control].state;
  const stricter = CONTROL_STATES.filter((s) => stateRank(s) > stateRank(current));
  const [toState, setToState] = useState<ControlStateName | undefined>(stricter.at(-1));
  const [reason, setReason] = useState("");
  const [confirm, setConfirm] = useState("");
  const { fields, failure, busy, send } = useChangeSubmit();

  if (!toState) return <Notice>{t("controls.tighten.nothingStricter")}</Notice>;

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    void send(async () => onDone(await sendJson<ChangeResult>(`/api/v1/controls/${bank.bankCode}/tighten`, "POST", { control, toState, reason, confirmBankCode: confirm })));
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <CurrentState state={current} />
      <StateChoice legend={t("controls.tighten.newState")} states={stricter} value={toState} onChange={setToState} error={fieldError(t, fields, "toState")} />

      <section aria-label={t("controls.blast.title")} className="space-y-2 rounded-md border border-slate-200 bg-slate-50 p-3">
        <h3 className="text-sm font-semibold">{t("controls.blast.title")}</h3>
        <BlastRadiusTable bankCode={bank.bankCode} control={control} toState={toState} />
      </section>

      <ReasonField label={t("controls.tighten.reason")} hint={t("controls.tighten.reasonHint")} required value={reason} onChange={setReason} fields={fields} />
      <TypedConfirmation
        label={t("controls.tighten.confirm", { code: bank.bankCode })}
        hint={t("controls.tighten.confirmHint")}
        name="confirmBankCode"
        value={confirm}
        onChange={setConfirm}
        error={fieldError(t, fields, "confirmBankCode")}
      />
      <DialogFooter failure={failure} onCancel={onCancel}>
        <Button type="submit" variant="destructive" disabled={busy || confirm !== bank.bankCode}>
          {busy ? t("controls.tighten.submitting") : t("controls.tighten.submit")}
        </Button>
      </DialogFooter>
    </form>
  );
}
