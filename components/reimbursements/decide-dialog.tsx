"use client";
import { useQuery } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { DialogActions, FormField } from "@/components/ui/form";
import { DialogForm, FormDialog } from "@/components/ui/form-dialog";
import { Input, Textarea } from "@/components/ui/input";
import { Notice } from "@/components/ui/notice";
import { useApiMutation } from "@/hooks/use-api-mutation";
import { useZodResolver } from "@/hooks/use-zod-resolver";
import { apiJson, postJson } from "@/lib/api-client";
import { formatJst, formatYen } from "@/lib/format";
import { useT } from "@/lib/i18n/client";
import { approveRequest, REASON_MAX, rejectRequest, type Arithmetic, type ReimbursementView } from "@/lib/reimbursements/schemas";

export type Decision = "approve" | "reject";
type Detail = ReimbursementView & { arithmetic: Arithmetic };

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

function Summary({ item }: { item: ReimbursementView }) {
  const t = useT();
  const detail = useQuery({ queryKey: ["reimbursement", item.id], queryFn: () => apiJson<Detail>(`/api/v1/reimbursements/${item.id}`) });
  const a = detail.data?.arithmetic;
  const approvals = item.approvals.filter((x) => x.current && x.decision === "approve");
  const row = (label: string, value: string, strong = false) => (
    <div className="flex justify-between gap-4">
      <dt className={strong ? "font-semibold" : undefined}>{label}</dt>
      <dd className={strong ? "font-semibold tabular-nums" : "tabular-nums"}>{value}</dd>
    </div>
  );
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <dl className="space-y-1 text-sm" data-testid="decide-summary">
        <div>
          <dt className="text-slate-600">{t("reimbursements.decide.amount")}</dt>
          <dd className="text-xl font-bold tabular-nums">{formatYen(item.amountYen)}</dd>
        </div>
        <div>
          <dt className="text-slate-600">{t("reimbursements.decide.payee")}</dt>
          <dd>
            <span className="font-mono">{t("reimbursements.decide.payeeAccount", { bank: item.payee.bankCode, branch: item.payee.branchCode, last4: item.payee.accountLast4, holder: item.payee.holderKana })}</span>
            <br />
            <span className="text-slate-600">{item.payee.kind === "linked_account" ? t("reimbursements.decide.ownAccount") : t("reimbursements.decide.otherAccount", { reason: item.payee.reason ?? "" })}</span>
          </dd>
        </div>
        <div>
          <dt className="text-slate-600">{t("reimbursements.decide.maker")}</dt>
          <dd>
            {item.maker.name} · {formatJst(item.requestedAt)}
          </dd>
        </div>
        <div>
          <dt className="text-slate-600">{t("reimbursements.decide.reason")}</dt>
          <dd className="whitespace-pre-wrap">{item.reason}</dd>
        </div>
        <div>
          <dt className="text-slate-600">{t("reimbursements.decide.approvals")}</dt>
          <dd>
            {approvals.length ? approvals.map((x) => `${x.approver.name} (${formatJst(x.at)})`).join(", ") : t("reimbursements.decide.noApprovals", { needed: item.approvalsNeeded })}
            {item.approvalsNeeded > 1 ? <span className="block text-slate-600">{t("reimbursements.decide.quorum")}</span> : null}
          </dd>
        </div>
      </dl>
      <section aria-label={t("reimbursements.decide.arithmetic")} className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm">
        <h3 className="mb-2 font-semibold">{t("reimbursements.decide.arithmetic")}</h3>
        {a ? (
          <dl className="space-y-1" data-testid="decide-arithmetic">
            {row(t("reimbursements.decide.loss"), formatYen(a.lossYen))}
            {row(t("reimbursements.decide.reimbursed"), formatYen(a.reimbursedYen))}
            {row(t("reimbursements.decide.approvedYen"), formatYen(a.approvedYen))}
            {row(t("reimbursements.decide.pending"), formatYen(a.pendingYen))}
            {row(t("reimbursements.decide.compensated"), formatYen(a.compensatedYen))}
            <div className="border-t border-slate-300 pt-1">{row(t("reimbursements.decide.available"), formatYen(a.availableYen), true)}</div>
          </dl>
        ) : detail.isError ? (
          <Notice tone="error">{t("reimbursements.decide.detailFailed")}</Notice>
        ) : (
          <p className="text-slate-600">{t("reimbursements.decide.loadingDetail")}</p>
        )}
      </section>
    </div>
  );
}

function ApproveForm({ item, onDone }: { item: ReimbursementView; onDone: () => void }) {
  const t = useT();
  const form = useForm({ resolver: useZodResolver(approveRequest), defaultValues: { code: "", version: item.version, note: "" } });
  const run = useApiMutation({
    mutationFn: (values: unknown) => postJson<Detail>(`/api/v1/reimbursements/${item.id}/approve`, values),
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
      <Summary item={item} />
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
    mutationFn: (values: unknown) => postJson<Detail>(`/api/v1/reimbursements/${item.id}/reject`, values),
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
      <Summary item={item} />
      <FormField control={form.control} name="reason" label={t("reimbursements.decide.rejectReason")} description={t("reimbursements.decide.rejectReasonHint")}>
        {(field, aria) => <Textarea {...field} {...aria} rows={3} maxLength={REASON_MAX} required autoFocus />}
      </FormField>
    </DialogForm>
  );
}
