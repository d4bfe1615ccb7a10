"use client";
import { useForm, useWatch } from "react-hook-form";
import { Notice } from "@/components/ui/notice";
import { useApiMutation } from "@/hooks/use-api-mutation";
import { CONTROL_STATES, stateRank, tightenRequest, type Control } from "@/lib/controls/schemas";
import { useI18n } from "@/lib/i18n/client";
import { sendJson } from "./api";
import { BlastRadius } from "./blast-radius";
import { CurrentState, ReasonField, StateChoice, TypedConfirmation, useConfirmedResolver } from "./change-form";
import { DialogActions } from "@/components/ui/form";
import { DialogForm } from "@/components/ui/form-dialog";
import { bankName, controlName } from "./text";
import type { BankControlsView, ChangeResult } from "./types";

/**
 * Tightening one control: the new state, the live blast radius of that state, a reason, and the
 * bank code typed by hand. The route's schema checks the form; a code that is not this bank's is
 * said next to its field.
 */
export function TightenForm({ bank, control, onDone, onCancel }: { bank: BankControlsView; control: Control; onDone: () => void; onCancel: () => void }) {
  const { t, locale } = useI18n();
  const current = bank[control].state;
  const stricter = CONTROL_STATES.filter((s) => stateRank(s) > stateRank(current));
  const form = useForm({
    resolver: useConfirmedResolver(tightenRequest, "confirmBankCode", bank.bankCode, t("controls.errors.confirmBankCode", { code: bank.bankCode })),
    defaultValues: { control, toState: stricter.at(-1) ?? current, reason: "", confirmBankCode: "" },
    mode: "onTouched",
  });
  const tighten = useApiMutation({
    mutationFn: (body: ReturnType<typeof tightenRequest.parse>) => sendJson<ChangeResult>(`/api/v1/controls/${bank.bankCode}/tighten`, "POST", body),
    invalidate: [["controls"]],
    form,
    success: (r) => {
      const text = t("controls.tighten.done", { control: controlName(t, r.control), bank: bankName(locale, bank), state: t(`controls.state.${r.toState}`) });
      return r.cancelledRequests ? `${text} ${t("controls.tighten.cancelledRequests", { count: r.cancelledRequests })}` : text;
    },
    onSuccess: onDone,
  });

  const toState = useWatch({ control: form.control, name: "toState" });
  if (stricter.length === 0) return <Notice>{t("controls.tighten.nothingStricter")}</Notice>;

  return (
    <DialogForm
      onSubmit={form.handleSubmit((body) => tighten.mutate(body))}
      footer={<DialogActions form={form} pending={tighten.isPending} submitLabel={t("controls.tighten.submit")} pendingLabel={t("controls.tighten.submitting")} destructive onCancel={onCancel} />}
    >
      <CurrentState state={current} />
      <StateChoice control={form.control} name="toState" legend={t("controls.tighten.newState")} states={stricter} />
      <section aria-label={t("controls.blast.title")} className="space-y-2 rounded-md border border-slate-200 bg-slate-50 p-3">
        <h3 className="text-sm font-semibold">{t("controls.blast.title")}</h3>
        <BlastRadius target={{ bankCode: bank.bankCode }} control={control} toState={toState} mode="tighten" />
      </section>
      <ReasonField control={form.control} name="reason" label={t("controls.tighten.reason")} hint={t("controls.tighten.reasonHint")} />
      <TypedConfirmation control={form.control} name="confirmBankCode" label={t("controls.tighten.confirm", { code: bank.bankCode })} hint={t("controls.tighten.confirmHint")} />
    </DialogForm>
  );
}
