"use client";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form";
import { NativeSelect } from "@/components/ui/input";
import { Notice } from "@/components/ui/notice";
import { useApiMutation } from "@/hooks/use-api-mutation";
import { bulkTightenRequest, CONTROLS } from "@/lib/controls/schemas";
import { useI18n } from "@/lib/i18n/client";
import { sendJson } from "./api";
import { BlastRadius } from "./blast-radius";
import { ReasonField, TypedConfirmation, useConfirmedResolver } from "./change-form";
import { DialogActions } from "@/components/ui/form";
import { DialogForm } from "@/components/ui/form-dialog";
import { StateBadge } from "./state-badge";
import { bankName } from "./text";
import type { BulkResult } from "./types";

type BulkBody = z.output<typeof bulkTightenRequest>;

/**
 * The carrier tightens one control at many banks at once: all banks or the ones ticked in the
 * matrix, the blast radius of exactly that change before it is sent, one reason, one transaction.
 * The confirmation is the number of banks, typed by hand (a wrong number is said next to it).
 * The result lists each bank.
 */
export function BulkTightenForm({ totalBanks, selected, onDone, onClose }: { totalBanks: number; selected: string[]; onDone: () => void; onClose: () => void }) {
  const { t, locale } = useI18n();
  const [scope, setScope] = useState<"all" | "chosen">(selected.length ? "chosen" : "all");
  const [result, setResult] = useState<BulkResult | null>(null);
  const count = scope === "all" ? totalBanks : selected.length;
  const form = useForm({
    resolver: useConfirmedResolver(bulkTightenRequest, "confirmCount", String(count), t("controls.errors.confirmCount", { count })),
    defaultValues: { bankCodes: "all" as "all" | string[], control: "registrations" as (typeof CONTROLS)[number], toState: "suspended" as "suspended" | "strong_only", reason: "", confirmCount: "" as unknown as number },
    mode: "onTouched",
  });
  const bulk = useApiMutation({
    mutationFn: (body: BulkBody) => sendJson<BulkResult>("/api/v1/controls/bulk-tighten", "POST", body),
    invalidate: [["controls"]],
    form,
    success: (r) => t("controls.bulk.result", { changed: r.changed, unchanged: r.unchanged }),
    onSuccess: (r) => {
      setResult(r);
      onDone();
    },
  });
  const control = useWatch({ control: form.control, name: "control" });
  const toState = useWatch({ control: form.control, name: "toState" });
  const bankCodes = scope === "all" ? ("all" as const) : selected;

  if (result) return <BulkOutcome result={result} onClose={onClose} locale={locale} />;

  return (
    <DialogForm
      onSubmit={form.handleSubmit((body) => (count ? bulk.mutate({ ...body, bankCodes }) : undefined))}
      footer={
        <DialogActions
          form={form}
          pending={bulk.isPending}
          submitLabel={t("controls.bulk.submit", { count })}
          pendingLabel={t("controls.bulk.submitting")}
          destructive
          onCancel={onClose}
        />
      }
    >
      <p className="text-sm text-slate-700">{t("controls.bulk.intro")}</p>
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium text-slate-800">{t("controls.bulk.banks")}</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="bulk-scope" className="size-4" checked={scope === "all"} onChange={() => setScope("all")} />
          {t("controls.bulk.all", { count: totalBanks })}
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="bulk-scope" className="size-4" checked={scope === "chosen"} onChange={() => setScope("chosen")} />
          {t("controls.bulk.chosen")} ({t("controls.bulk.selected", { count: selected.length })})
        </label>
        {scope === "chosen" && selected.length === 0 ? <p className="text-sm text-red-700">{t("controls.bulk.noneSelected")}</p> : null}
        {scope === "chosen" ? <p className="text-xs text-slate-600">{t("controls.bulk.chooseHint")}</p> : null}
      </fieldset>
      <div className="grid gap-3 sm:grid-cols-2">
        <FormField control={form.control} name="control" label={t("controls.bulk.control")}>
          {(field, aria) => (
            <NativeSelect {...field} {...aria}>
              {CONTROLS.map((c) => (
                <option key={c} value={c}>
                  {t(`controls.control.${c}`)}
                </option>
              ))}
            </NativeSelect>
          )}
        </FormField>
        <FormField control={form.control} name="toState" label={t("controls.bulk.toState")}>
          {(field, aria) => (
            <NativeSelect {...field} {...aria}>
              <option value="suspended">{t("controls.state.suspended")}</option>
              <option value="strong_only">{t("controls.state.strong_only")}</option>
            </NativeSelect>
          )}
        </FormField>
      </div>
      <section aria-label={t("controls.blast.title")} className="space-y-2 rounded-md border border-slate-200 bg-slate-50 p-3">
        <h3 className="text-sm font-semibold">{t("controls.blast.title")}</h3>
        {count ? <BlastRadius target={{ bankCodes }} control={control} toState={toState} mode="tighten" /> : null}
      </section>
      <ReasonField control={form.control} name="reason" label={t("controls.bulk.reason")} hint={t("controls.tighten.reasonHint")} />
      <TypedConfirmation control={form.control} name="confirmCount" label={t("controls.bulk.confirm", { count })} />
    </DialogForm>
  );
}

function BulkOutcome({ result, onClose, locale }: { result: BulkResult; onClose: () => void; locale: string }) {
  const { t } = useI18n();
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="min-h-0 flex-1 space-y-2 overflow-y-auto px-5 py-4">
        <Notice tone="success">{t("controls.bulk.result", { changed: result.changed, unchanged: result.unchanged })}</Notice>
        <table className="w-full border-collapse text-sm" data-testid="bulk-result">
          <caption className="sr-only">{t("controls.bulk.resultCaption")}</caption>
          <thead>
            <tr className="border-b border-slate-300 bg-slate-50 text-left">
              <th scope="col" className="px-3 py-1 font-medium">
                {t("controls.table.bank")}
              </th>
              <th scope="col" className="px-3 py-1 font-medium">
                {t(`controls.control.${result.control}`)}
              </th>
              <th scope="col" className="px-3 py-1 font-medium">
                {t("controls.requests.status")}
              </th>
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
      <div className="flex justify-end border-t border-slate-200 bg-slate-50 px-5 py-3">
        <Button type="button" onClick={onClose}>
          {t("common.close")}
        </Button>
      </div>
    </div>
  );
}
