"use client";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { CONTROLS, type Control } from "@/lib/controls/schemas";
import { useI18n } from "@/lib/i18n/client";
import { sendJson } from "./api";
import { ReasonField, TypedConfirmation, useChangeSubmit } from "./change-form";
import { SelectField } from "./fields";
import { StateBadge } from "./state-badge";
import { bankName, fieldError } from "./text";
import type { BulkResult } from "./types";

/**
 * The carrier tightens one control at many banks at once: all banks or the ones ticked in the
 * table, one reason, one transaction. The confirmation is the number of banks, typed by hand.
 */
export function BulkTighten({ totalBanks, selected, onDone }: { totalBanks: number; selected: string[]; onDone: (r: BulkResult) => void }) {
  const { t, locale } = useI18n();
  const [scope, setScope] = useState<"all" | "chosen">("all");
  const [control, setControl] = useState<Control>("registrations");
  const [toState, setToState] = useState<"strong_only" | "suspended">("suspended");
  const [reason, setReason] = useState("");
  const [confirm, setConfirm] = useState("");
  const [result, setResult] = useState<BulkResult | null>(null);
  const { fields, failure, busy, send } = useChangeSubmit();
  const count = scope === "all" ? totalBanks : selected.length;

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    void send(async () => {
      const r = await sendJson<BulkResult>("/api/v1/controls/bulk-tighten", "POST", {
        bankCodes: scope === "all" ? "all" : selected,
        control,
        toState,
        reason,
        confirmCount: Number(confirm),
      });
      setResult(r);
      setConfirm("");
      onDone(r);
    });
  }

  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-700">{t("controls.bulk.intro")}</p>
      <form onSubmit={onSubmit} className="grid gap-4 lg:grid-cols-2" noValidate>
        <fieldset className="space-y-1">
          <legend className="text-sm font-medium text-slate-800">{t("controls.bulk.banks")}</legend>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="bulk-scope" checked={scope === "all"} onChange={() => setScope("all")} />
            {t("controls.bulk.all", { count: totalBanks })}
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="bulk-scope" checked={scope === "chosen"} onChange={() => setScope("chosen")} />
            {t("controls.bulk.chosen")} ({t("controls.bulk.selected", { count: selected.length })})
          </label>
          {scope === "chosen" ? <p className="text-xs text-slate-600">{t("controls.bulk.chooseHint")}</p> : null}
          {fields.bankCodes ? <p className="text-sm text-red-700">{fieldError(t, fields, "bankCodes")}</p> : null}
        </fieldset>
        <div className="grid gap-3 sm:grid-cols-2">
          <SelectField label={t("controls.bulk.control")} value={control} onChange={(e) => setControl(e.target.value as Control)}>
            {CONTROLS.map((c) => (
              <option key={c} value={c}>
                {t(`controls.control.${c}`)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t("controls.bulk.toState")} value={toState} onChange={(e) => setToState(e.target.value as "strong_only" | "suspended")} error={fieldError(t, fields, "toState")}>
            <option value="suspended">{t("controls.state.suspended")}</option>
            <option value="strong_only">{t("controls.state.strong_only")}</option>
          </SelectField>
        </div>
        <ReasonField label={t("controls.bulk.reason")} hint={t("controls.tighten.reasonHint")} name="bulk-reason" value={reason} onChange={setReason} fields={fields} />
        <div className="space-y-3">
          <TypedConfirmation
            label={t("controls.bulk.confirm", { count })}
            name="confirmCount"
            value={confirm}
            onChange={setConfirm}
            error={fieldError(t, fields, "confirmCount")}
          />
          {count === 0 ? <p className="text-sm text-slate-700">{t("controls.bulk.noneSelected")}</p> : null}
          <Button type="submit" variant="destructive" disabled={busy || count === 0 || confirm !== String(count)}>
            {busy ? t("controls.bulk.submitting") : t("controls.bulk.submit", { count })}
          </Button>
        </div>
      </form>
      {failure ? <Notice tone="error">{failure}</Notice> : null}
      {result ? (
        <div className="space-y-2">
          <Notice tone="success">{t("controls.bulk.result", { changed: result.changed, unchanged: result.unchanged })}</Notice>
          <div className="max-h-80 overflow-y-auto rounded-md border border-slate-200">
            <table className="w-full border-collapse text-sm" data-testid="bulk-result">
              <caption className="sr-only">{t("controls.bulk.resultCaption")}</caption>
              <thead>
                <tr className="border-b border-slate-300 bg-slate-50 text-left">
                  <th scope="col" className="px-3 py-1 font-medium">{t("controls.table.bank")}</th>
                  <th scope="col" className="px-3 py-1 font-medium">{t(`controls.control.${result.control}`)}</th>
                  <th scope="col" className="px-3 py-1 font-medium">{t("controls.requests.status")}</th>
                </tr>
              </thead>
              <tbody>
                {result.banks.map((b) => (
                  <tr key={b.bankCode} className="border-b border-slate-100">
                    <th scope="row" className="px-3 py-1 text-left font-normal">
                      {bankName(locale, b)}
                    </th>
                    <td className="px-3 py-1">
                      <StateBadge state={b.state} />
                    </td>
                    <td className="px-3 py-1">{t(`controls.bulk.outcome.${b.outcome}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
    </div>
  );
}
