"use client";
import { useForm } from "react-hook-form";
import { DialogActions, FormField } from "@/components/ui/form";
import { DialogForm, FormDialog } from "@/components/ui/form-dialog";
import { Input, Textarea } from "@/components/ui/input";
import { useApiMutation } from "@/hooks/use-api-mutation";
import { useZodResolver } from "@/hooks/use-zod-resolver";
import { postJson } from "@/lib/api-client";
import { ReimbursementSummary, type ReimbursementDetail } from "./reimbursement-summary";
import { useT } from "@/lib/i18n/client";
import { approveRequest, REASON_MAX, rejectRequest, type ReimbursementView } from "@/lib/reimbursements/schemas";

export type Decision = "approve" | "reject";

/**
 * Approving (a fresh one-time code: step-up, each code once) or rejecting (a reason) one
 * reimbursement, in a dialog that shows what is decided: the amount, the payee, the maker, the
 * approvals so far and the case's arithmetic. Loaded when it opens.
 */
export function DecideDialog({ item, decision, onClose }: { item: ReimbursementView; decision: Decision; onClose: () => void }) {
  const t = useT();
  return (
    <FormDialog
      open
      onOpenChange={(o) => (o ? undefined : onClose())}
      wide
      title={t(decision === "approve" ? "reimbursements.decide.approveTitle" : "reimbursements.decide.rejectTitle", { reference: item.caseReference })}
    >
      {decision === "approve" ? <ApproveForm item={item} onDone={onClose} /> : <RejectForm item={item} onDone={onClose} />}
    </FormDialog>
  );
}

const invalidate = (id: string) => [["reimbursements"], ["reimbursement", id]] as const;

function ApproveForm({ item, onDone }: { item: ReimbursementView; onDone: () => void }) {
  const t = useT();
  const form = useForm({ resolver: useZodResolver(approveRequest), defaultValues: { code: "", version: item.version, note: "" } });
  const run = useApiMutation({
    mutationFn: (values: unknown) => postJson<ReimbursementDetail>(`/api/v1/reimbursements/${item.id}/approve`, values),
    invalidate: invalidate(item.id),
    success: (r) => t(r.status === "approved" ? "reimbursements.decide.approved" : "reimbursements.decide.approvalRecorded", { reference: item.caseReference }),
    form,
    onSuccess: onDone,
  });
  return (
    <DialogForm
      onSubmit={form.handleSubmit((values) => run.mutate(values))}
      testId="approve-form"
      footer={<DialogActions form={form} pending={run.isPending} submitLabel={t("reimbursements.decide.confirmApprove")} pendingLabel={t("reimbursements.decide.working")} onCancel={onDone} />}
    >
      <ReimbursementSummary item={item} />
      <FormField control={form.control} name="code" label={t("reimbursements.decide.code")} description={t("reimbursements.decide.codeHint")}>
        {(field, aria) => <Input {...field} {...aria} inputMode="numeric" autoComplete="one-time-code" maxLength={6} className="w-32 font-mono tracking-widest" autoFocus />}
      </FormField>
      <FormField control={form.control} name="note" label={t("reimbursements.decide.note")}>
        {(field, aria) => <Textarea {...field} {...aria} value={String(field.value ?? "")} rows={2} maxLength={REASON_MAX} />}
      </FormField>
    </DialogForm>
  );
}

function RejectForm({ item, onDone }: { item: ReimbursementView; onDone: () => void }) {
  const t = useT();
  const form = useForm({ resolver: useZodResolver(rejectRequest), defaultValues: { reason: "", version: item.version } });
  const run = useApiMutation({
    mutationFn: (values: unknown) => postJson<ReimbursementDetail>(`/api/v1/reimbursements/${item.id}/reject`, values),
    invalidate: invalidate(item.id),
    success: () => t("reimbursements.decide.rejected", { reference: item.caseReference }),
    form,
    onSuccess: onDone,
  });
  return (
    <DialogForm
      onSubmit={form.handleSubmit((values) => run.mutate(values))}
      testId="reject-form"
      footer={<DialogActions form={form} pending={run.isPending} submitLabel={t("reimbursements.decide.confirmReject")} pendingLabel={t("reimbursements.decide.working")} destructive onCancel={onDone} />}
    >
      <ReimbursementSummary item={item} />
      <FormField control={form.control} name="reason" label={t("reimbursements.decide.rejectReason")} description={t("reimbursements.decide.rejectReasonHint")}>
        {(field, aria) => <Textarea {...field} {...aria} rows={3} maxLength={REASON_MAX} required autoFocus />}
      </FormField>
    </DialogForm>
  );
}
