"use client";
import { useForm } from "react-hook-form";
import { DialogActions, FormField } from "@/components/ui/form";
import { DialogForm, FormDialog } from "@/components/ui/form-dialog";
import { Input, Textarea } from "@/components/ui/input";
import { useApiMutation } from "@/hooks/use-api-mutation";
import { useZodResolver } from "@/hooks/use-zod-resolver";
import { postJson } from "@/lib/api-client";
import { formatYen } from "@/lib/format";
import { useT } from "@/lib/i18n/client";
import { paymentPaidRequest, paymentReturnedRequest, REASON_MAX, type ReimbursementView } from "@/lib/reimbursements/schemas";

export type Settlement = "paid" | "returned";

const paymentUrl = (item: ReimbursementView, kind: Settlement) =>
  `/api/v1/payout-batches/${encodeURIComponent(item.payments[0]!.batchId)}/lines/${encodeURIComponent(item.id)}/${kind}`;

/**
 * The bank's answer for a sent transfer, by hand (the carrier's managers, reimbursements.pay):
 * paid with the bank's reference, or returned with the reason (the reimbursement is approved again,
 * for a later batch). Loaded when opened; react-hook-form on the route's own schemas.
 */
export function SettleDialog({ item, kind, onClose }: { item: ReimbursementView; kind: Settlement; onClose: () => void }) {
  const t = useT();
  const what = { reference: item.caseReference, amount: formatYen(item.amountYen) };
  return (
    <FormDialog open onOpenChange={(o) => (o ? undefined : onClose())} title={t(kind === "paid" ? "reimbursements.settle.paidTitle" : "reimbursements.settle.returnedTitle", what)} description={t("reimbursements.settle.intro", { batch: item.payments[0]?.transferDate ?? "", line: item.payments[0]?.lineNo ?? 0 })}>
      {kind === "paid" ? <PaidForm item={item} onDone={onClose} /> : <ReturnedForm item={item} onDone={onClose} />}
    </FormDialog>
  );
}

const invalidate = (id: string) => [["reimbursements"], ["reimbursement", id], ["payout-batches"]];

function PaidForm({ item, onDone }: { item: ReimbursementView; onDone: () => void }) {
  const t = useT();
  const form = useForm({ resolver: useZodResolver(paymentPaidRequest), defaultValues: { bankReference: "" } });
  const run = useApiMutation({
    mutationFn: (values: unknown) => postJson<unknown>(paymentUrl(item, "paid"), values),
    invalidate: invalidate(item.id),
    success: () => t("reimbursements.settle.paidDone", { reference: item.caseReference }),
    form,
    onSuccess: onDone,
  });
  return (
    <DialogForm
      onSubmit={form.handleSubmit((values) => run.mutate(values))}
      testId="paid-form"
      footer={<DialogActions form={form} pending={run.isPending} submitLabel={t("reimbursements.settle.confirmPaid")} pendingLabel={t("reimbursements.propose.working")} onCancel={onDone} />}
    >
      <FormField control={form.control} name="bankReference" label={t("reimbursements.settle.reference")} description={t("reimbursements.settle.referenceHint")}>
        {(field, aria) => <Input {...field} {...aria} maxLength={64} autoComplete="off" className="font-mono" autoFocus />}
      </FormField>
    </DialogForm>
  );
}

function ReturnedForm({ item, onDone }: { item: ReimbursementView; onDone: () => void }) {
  const t = useT();
  const form = useForm({ resolver: useZodResolver(paymentReturnedRequest), defaultValues: { reason: "" } });
  const run = useApiMutation({
    mutationFn: (values: unknown) => postJson<unknown>(paymentUrl(item, "returned"), values),
    invalidate: invalidate(item.id),
    success: () => t("reimbursements.settle.returnedDone", { reference: item.caseReference }),
    form,
    onSuccess: onDone,
  });
  return (
    <DialogForm
      onSubmit={form.handleSubmit((values) => run.mutate(values))}
      testId="returned-form"
      footer={<DialogActions form={form} pending={run.isPending} submitLabel={t("reimbursements.settle.confirmReturned")} pendingLabel={t("reimbursements.propose.working")} destructive onCancel={onDone} />}
    >
      <FormField control={form.control} name="reason" label={t("reimbursements.settle.reason")} description={t("reimbursements.settle.reasonHint")}>
        {(field, aria) => <Textarea {...field} {...aria} rows={3} maxLength={REASON_MAX} autoFocus />}
      </FormField>
    </DialogForm>
  );
}
