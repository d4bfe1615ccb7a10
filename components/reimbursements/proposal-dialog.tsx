"use client";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { z } from "zod";
import { ConfirmAlert } from "@/components/ui/confirm-alert";
import { FieldLegend, FieldSet } from "@/components/ui/field";
import { DialogActions, FormField } from "@/components/ui/form";
import { DialogForm, FormDialog } from "@/components/ui/form-dialog";
import { Input, NativeSelect, Textarea, WholeNumberInput } from "@/components/ui/input";
import { Notice } from "@/components/ui/notice";
import { caseKey } from "@/components/cases/file/case-write";
import { useApiMutation } from "@/hooks/use-api-mutation";
import { useZodResolver } from "@/hooks/use-zod-resolver";
import { postJson, sendJson } from "@/lib/api-client";
import type { CaseHeader } from "@/lib/cases/file-schemas";
import { formatYen } from "@/lib/format";
import { useT } from "@/lib/i18n/client";
import { problemText } from "@/lib/i18n/problem-text";
import {
  compensationRequest,
  editRequest,
  proposeRequest,
  REASON_MAX,
  REIMBURSEMENT_REFUSALS,
  type Arithmetic,
  type ReimbursementView,
} from "@/lib/reimbursements/schemas";
import { ArithmeticTable } from "./arithmetic";

/**
 * The case file's reimbursement forms, loaded when one opens: proposing and editing (react-hook-form
 * on the route's own proposeRequest / editRequest), withdrawing (a confirmation), and the bank's
 * record of what it compensated (compensationRequest). A refusal's code shows next to its field.
 */

/** Another payee needs a reason: the API refuses it as payee_reason_required on payee.reason; the form says so before sending. */
function payeeReasonRequired(v: { payee?: { reason?: string } | null }, ctx: z.RefinementCtx) {
  if (v.payee && !v.payee.reason?.trim()) ctx.addIssue({ code: "custom", path: ["payee", "reason"], message: REIMBURSEMENT_REFUSALS.payeeReasonRequired });
}
const proposeForm = proposeRequest.superRefine(payeeReasonRequired);
const editForm = editRequest.superRefine(payeeReasonRequired);

type PayeeChoice = "keep" | "own" | "other";
const EMPTY_PAYEE = { bankCode: "", branchCode: "", accountType: "ordinary" as const, accountNumber: "", holderKana: "", reason: "" };

const invalidateFor = (caseId: string, id?: string) => [["reimbursements"], caseKey(caseId), ...(id ? [["reimbursement", id]] : [])];

const account = (p: { bankCode: string; branchCode: string; accountLast4: string; holderKana: string }) => `${p.bankCode}-${p.branchCode} ****${p.accountLast4} ${p.holderKana}`;

/** Proposing a reimbursement on a confirmed-fraud case, or (`editing`) changing the maker's pending one. */
export function ProposalDialog({ c, arithmetic, editing, onClose }: { c: CaseHeader; arithmetic: Arithmetic; editing?: ReimbursementView; onClose: () => void }) {
  const t = useT();
  return (
    <FormDialog open onOpenChange={(o) => (o ? undefined : onClose())} wide title={t(editing ? "reimbursements.propose.editTitle" : "reimbursements.propose.title", { reference: c.reference })}>
      {editing ? <EditForm c={c} arithmetic={arithmetic} item={editing} onDone={onClose} /> : <ProposeForm c={c} arithmetic={arithmetic} onDone={onClose} />}
    </FormDialog>
  );
}

function ProposeForm({ c, arithmetic, onDone }: { c: CaseHeader; arithmetic: Arithmetic; onDone: () => void }) {
  const t = useT();
  const [choice, setChoice] = useState<PayeeChoice>("own");
  const form = useForm({
    resolver: useZodResolver(proposeForm),
    defaultValues: { caseId: c.id, amountYen: arithmetic.availableYen, reason: "", payee: null as z.input<typeof proposeRequest>["payee"] },
  });
  const run = useApiMutation({
    mutationFn: (values: unknown) => postJson<ReimbursementView>("/api/v1/reimbursements", values),
    invalidate: invalidateFor(c.id),
    success: (r) => t("reimbursements.propose.proposed", { amount: formatYen(r.amountYen), reference: c.reference }),
    form,
    onSuccess: onDone,
  });
  const own = `${c.bank.code}-${c.link.branchCode} ${c.link.accountNumberMasked} ${c.link.holderName}`;
  return (
    <DialogForm
      onSubmit={form.handleSubmit((values) => run.mutate(values))}
      testId="propose-form"
      footer={<DialogActions form={form} pending={run.isPending} submitLabel={t("reimbursements.propose.submit")} pendingLabel={t("reimbursements.propose.working")} onCancel={onDone} />}
    >
      <ProposalFields form={form as never} available={arithmetic.availableYen} arithmetic={arithmetic} choice={choice} setChoice={setChoice} choices={{ own }} />
    </DialogForm>
  );
}

function EditForm({ c, arithmetic, item, onDone }: { c: CaseHeader; arithmetic: Arithmetic; item: ReimbursementView; onDone: () => void }) {
  const t = useT();
  const [choice, setChoice] = useState<PayeeChoice>("keep");
  const [confirming, setConfirming] = useState<unknown>(null);
  const form = useForm({
    resolver: useZodResolver(editForm),
    defaultValues: { version: item.version, amountYen: item.amountYen, reason: item.reason, payee: undefined as z.input<typeof editRequest>["payee"] },
  });
  const run = useApiMutation({
    mutationFn: (values: unknown) => sendJson<ReimbursementView>(`/api/v1/reimbursements/${encodeURIComponent(item.id)}`, "PATCH", values),
    invalidate: invalidateFor(c.id, item.id),
    success: () => t("reimbursements.propose.edited", { reference: c.reference }),
    form,
    onSuccess: onDone,
  });
  const approvals = item.approvals.filter((x) => x.current && x.decision === "approve").length;
  // This proposal's own amount is in the pending line: editing it may use that too.
  const available = arithmetic.availableYen + item.amountYen;
  const own = `${c.bank.code}-${c.link.branchCode} ${c.link.accountNumberMasked} ${c.link.holderName}`;
  return (
    <>
      <DialogForm
        onSubmit={form.handleSubmit((values) => setConfirming(values))}
        testId="edit-proposal-form"
        footer={<DialogActions form={form} pending={run.isPending} submitLabel={t("reimbursements.propose.save")} pendingLabel={t("reimbursements.propose.working")} onCancel={onDone} />}
      >
        <Notice tone="warning">{approvals ? t("reimbursements.propose.confirmEditVoids", { count: approvals }) : t("reimbursements.propose.confirmEditNone")}</Notice>
        <ProposalFields form={form as never} available={available} arithmetic={arithmetic} pendingIncludesThis choice={choice} setChoice={setChoice} choices={{ keep: account(item.payee), own }} />
      </DialogForm>
      <ConfirmAlert
        open={confirming !== null}
        title={t("reimbursements.propose.confirmEditTitle")}
        confirmLabel={approvals ? t("reimbursements.propose.confirmEdit") : t("reimbursements.propose.save")}
        cancelLabel={t("common.cancel")}
        closeLabel={t("common.close")}
        busyLabel={t("reimbursements.propose.working")}
        busy={run.isPending}
        onConfirm={() => {
          run.mutate(confirming, { onSettled: () => setConfirming(null) });
        }}
        onClose={() => setConfirming(null)}
      >
        <p>{approvals ? t("reimbursements.propose.confirmEditVoids", { count: approvals }) : t("reimbursements.propose.confirmEditNone")}</p>
      </ConfirmAlert>
    </>
  );
}

type ProposalFormValues = { amountYen: number; reason: string; payee?: (typeof EMPTY_PAYEE & { accountType: "ordinary" | "current" | "savings" }) | null };

/** Amount (with what it leaves available), reason, and the payee: the victim's own account, the current one (editing), or another with its codes and why. */
function ProposalFields({
  form,
  available,
  arithmetic,
  pendingIncludesThis = false,
  choice,
  setChoice,
  choices,
}: {
  form: import("react-hook-form").UseFormReturn<ProposalFormValues>;
  available: number;
  arithmetic: Arithmetic;
  pendingIncludesThis?: boolean;
  choice: PayeeChoice;
  setChoice: (c: PayeeChoice) => void;
  choices: { keep?: string; own: string };
}) {
  const t = useT();
  const amount = useWatch({ control: form.control, name: "amountYen" });
  const left = available - (Number.isFinite(amount) ? Number(amount) : 0);
  const choose = (next: PayeeChoice) => {
    setChoice(next);
    form.setValue("payee", next === "other" ? { ...EMPTY_PAYEE } : next === "own" ? null : undefined, { shouldDirty: true });
    form.clearErrors("payee");
  };
  return (
    <div className="grid gap-4 md:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <div className="space-y-4">
        <FormField control={form.control} name="amountYen" label={t("reimbursements.propose.amount")} description={t("reimbursements.propose.amountHint", { available: formatYen(available) })}>
          {(field, aria) => <WholeNumberInput {...field} {...aria} min={1} max={available} className="w-48 tabular-nums" autoFocus />}
        </FormField>
        <FormField control={form.control} name="reason" label={t("reimbursements.propose.reason")} description={t("reimbursements.propose.reasonHint")}>
          {(field, aria) => <Textarea {...field} {...aria} value={String(field.value ?? "")} rows={3} maxLength={REASON_MAX} />}
        </FormField>
        <FieldSet>
          <FieldLegend>{t("reimbursements.propose.payee")}</FieldLegend>
          <div className="space-y-2 text-sm">
            {(["keep", "own", "other"] as const)
              .filter((k) => k !== "keep" || choices.keep)
              .map((k) => (
                <label key={k} className="flex items-start gap-2">
                  <input type="radio" name="payee-choice" className="mt-0.5 size-4" checked={choice === k} onChange={() => choose(k)} />
                  <span>
                    {k === "other" ? t("reimbursements.propose.other") : t(`reimbursements.propose.${k}`, { account: k === "keep" ? choices.keep! : choices.own })}
                  </span>
                </label>
              ))}
          </div>
        </FieldSet>
        {choice === "other" ? (
          <div className="grid gap-3 rounded-md border border-slate-200 p-3 sm:grid-cols-2" data-testid="other-payee">
            <FormField control={form.control} name="payee.bankCode" label={t("reimbursements.propose.bankCode")}>
              {(field, aria) => <Input {...field} {...aria} value={String(field.value ?? "")} inputMode="numeric" maxLength={4} className="w-24 font-mono" />}
            </FormField>
            <FormField control={form.control} name="payee.branchCode" label={t("reimbursements.propose.branchCode")}>
              {(field, aria) => <Input {...field} {...aria} value={String(field.value ?? "")} inputMode="numeric" maxLength={3} className="w-20 font-mono" />}
            </FormField>
            <FormField control={form.control} name="payee.accountType" label={t("reimbursements.propose.accountType")}>
              {(field, aria) => (
                <NativeSelect {...field} {...aria} value={String(field.value ?? "ordinary")}>
                  {(["ordinary", "current", "savings"] as const).map((x) => (
                    <option key={x} value={x}>
                      {t(`reimbursements.propose.accountTypes.${x}`)}
                    </option>
                  ))}
                </NativeSelect>
              )}
            </FormField>
            <FormField control={form.control} name="payee.accountNumber" label={t("reimbursements.propose.accountNumber")}>
              {(field, aria) => <Input {...field} {...aria} value={String(field.value ?? "")} inputMode="numeric" maxLength={7} className="w-32 font-mono" autoComplete="off" />}
            </FormField>
            <FormField control={form.control} name="payee.holderKana" label={t("reimbursements.propose.holderKana")} className="sm:col-span-2">
              {(field, aria) => <Input {...field} {...aria} value={String(field.value ?? "")} maxLength={60} autoComplete="off" />}
            </FormField>
            <FormField control={form.control} name="payee.reason" label={t("reimbursements.propose.payeeReason")} className="sm:col-span-2">
              {(field, aria) => <Textarea {...field} {...aria} value={String(field.value ?? "")} rows={2} maxLength={REASON_MAX} />}
            </FormField>
          </div>
        ) : null}
      </div>
      <section aria-labelledby="proposal-arithmetic" className="h-fit rounded-md border border-slate-200 bg-slate-50 p-3">
        <h3 id="proposal-arithmetic" className="mb-2 text-sm font-semibold">
          {t("reimbursements.decide.arithmetic")}
        </h3>
        <ArithmeticTable
          a={arithmetic}
          pendingIncludesThis={pendingIncludesThis}
          testId="proposal-arithmetic"
          extra={
            <div className="flex justify-between gap-4 pt-1 text-slate-700">
              <dt>{t("reimbursements.propose.after")}</dt>
              <dd className={left < 0 ? "font-semibold text-red-800 tabular-nums" : "tabular-nums"} data-testid="available-after">
                {formatYen(left)}
              </dd>
            </div>
          }
        />
      </section>
    </div>
  );
}

/** Withdrawing the maker's pending proposal, confirmed. */
export function WithdrawConfirm({ c, item, onClose }: { c: CaseHeader; item: ReimbursementView; onClose: () => void }) {
  const t = useT();
  const run = useApiMutation({
    mutationFn: (version: number) => postJson<ReimbursementView>(`/api/v1/reimbursements/${encodeURIComponent(item.id)}/withdraw`, { version }),
    invalidate: invalidateFor(c.id, item.id),
    success: () => t("reimbursements.propose.withdrawn", { reference: c.reference }),
    errorShownBy: "caller",
    onSuccess: onClose,
  });
  const amount = formatYen(item.amountYen);
  return (
    <ConfirmAlert
      open
      title={t("reimbursements.propose.withdrawTitle", { amount })}
      confirmLabel={t("reimbursements.propose.confirmWithdraw")}
      cancelLabel={t("common.cancel")}
      closeLabel={t("common.close")}
      busyLabel={t("reimbursements.propose.working")}
      busy={run.isPending}
      error={run.isError ? <Notice tone="error">{problemText(t, run.error)}</Notice> : null}
      onConfirm={() => run.mutate(item.version)}
      onClose={onClose}
    >
      <p>{t("reimbursements.propose.withdrawBody")}</p>
    </ConfirmAlert>
  );
}

/** A manager of the victim's bank records what the bank compensated itself. */
export function CompensationDialog({ c, arithmetic, onClose }: { c: CaseHeader; arithmetic: Arithmetic; onClose: () => void }) {
  const t = useT();
  const form = useForm({ resolver: useZodResolver(compensationRequest), defaultValues: { amountYen: Number.NaN, note: "" } });
  const run = useApiMutation({
    mutationFn: (values: unknown) => postJson<{ amountYen: number }>(`/api/v1/cases/${encodeURIComponent(c.id)}/compensation`, values),
    invalidate: invalidateFor(c.id),
    success: (r) => t("reimbursements.compensation.recorded", { amount: formatYen(r.amountYen), reference: c.reference }),
    form,
    onSuccess: onClose,
  });
  return (
    <FormDialog open onOpenChange={(o) => (o ? undefined : onClose())} wide title={t("reimbursements.compensation.title", { reference: c.reference })} description={t("reimbursements.compensation.intro")}>
      <DialogForm
        onSubmit={form.handleSubmit((values) => run.mutate(values))}
        testId="compensation-form"
        footer={<DialogActions form={form} pending={run.isPending} submitLabel={t("reimbursements.compensation.submit")} pendingLabel={t("reimbursements.propose.working")} onCancel={onClose} />}
      >
        <div className="grid gap-4 md:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
          <div className="space-y-4">
            <FormField control={form.control} name="amountYen" label={t("reimbursements.compensation.amount")} description={t("reimbursements.propose.amountHint", { available: formatYen(arithmetic.availableYen) })}>
              {(field, aria) => <WholeNumberInput {...field} {...aria} min={1} max={arithmetic.availableYen} className="w-48 tabular-nums" autoFocus />}
            </FormField>
            <FormField control={form.control} name="note" label={t("reimbursements.compensation.note")} description={t("reimbursements.compensation.noteHint")}>
              {(field, aria) => <Textarea {...field} {...aria} rows={3} maxLength={REASON_MAX} />}
            </FormField>
          </div>
          <div className="h-fit rounded-md border border-slate-200 bg-slate-50 p-3">
            <ArithmeticTable a={arithmetic} testId="compensation-arithmetic" />
          </div>
        </div>
      </DialogForm>
    </FormDialog>
  );
}
