"use client";
import { useForm } from "react-hook-form";
import { DialogActions, FormField } from "@/components/ui/form";
import { DialogForm, FormDialog } from "@/components/ui/form-dialog";
import { Textarea } from "@/components/ui/input";
import { useApiMutation } from "@/hooks/use-api-mutation";
import { useZodResolver } from "@/hooks/use-zod-resolver";
import { postJson } from "@/lib/api-client";
import { REASON_MAX } from "@/lib/accounts/constants";
import { freezeRequest, openCaseRequest, type FreezeResult, type OpenCaseResult } from "@/lib/accounts/schemas";
import { useT } from "@/lib/i18n/client";

export type LinkAction = "freeze" | "unfreeze" | "case";

/**
 * Freezing, unfreezing (a reason, for the audit log) or opening a case (an optional first note) on
 * one link, in its dialog (open while mounted): react-hook-form on the route's own schema and the one mutation hook, so a
 * refused reason is said next to its field in the reader's language. Loaded when the dialog opens.
 */
export function LinkActionDialog({ linkId, kind, title, body, onClose }: { linkId: string; kind: LinkAction; title: string; body: string; onClose: () => void }) {
  return (
    <FormDialog open onOpenChange={(o) => (o ? undefined : onClose())} title={title}>
      {kind === "case" ? <OpenCaseForm linkId={linkId} body={body} onDone={onClose} /> : <FreezeForm linkId={linkId} kind={kind} body={body} onDone={onClose} />}
    </FormDialog>
  );
}

const linkQueries = (linkId: string) => [["link", linkId], ["accounts"]] as const;

function FreezeForm({ linkId, kind, body, onDone }: { linkId: string; kind: "freeze" | "unfreeze"; body: string; onDone: () => void }) {
  const t = useT();
  const form = useForm({ resolver: useZodResolver(freezeRequest), defaultValues: { reason: "" } });
  const run = useApiMutation({
    mutationFn: (values: { reason: string }) => postJson<FreezeResult>(`/api/v1/links/${linkId}/${kind}`, values),
    invalidate: linkQueries(linkId),
    success: () => (kind === "freeze" ? t("accounts.actions.frozen") : t("accounts.actions.unfrozen")),
    form,
    onSuccess: onDone,
  });
  return (
    <DialogForm
      onSubmit={form.handleSubmit((values) => run.mutate(values))}
      footer={
        <DialogActions
          form={form}
          pending={run.isPending}
          submitLabel={kind === "freeze" ? t("accounts.actions.confirmFreeze") : t("accounts.actions.confirmUnfreeze")}
          pendingLabel={t("accounts.actions.working")}
          destructive={kind === "freeze"}
          onCancel={onDone}
        />
      }
    >
      <p className="text-sm">{body}</p>
      <FormField control={form.control} name="reason" label={t("accounts.actions.reason")} description={t("accounts.actions.reasonHint")}>
        {(field, aria) => <Textarea {...field} {...aria} rows={3} maxLength={REASON_MAX} required autoFocus />}
      </FormField>
    </DialogForm>
  );
}

function OpenCaseForm({ linkId, body, onDone }: { linkId: string; body: string; onDone: () => void }) {
  const t = useT();
  const form = useForm({ resolver: useZodResolver(openCaseRequest), defaultValues: { note: "" } });
  const run = useApiMutation({
    mutationFn: (values: unknown) => postJson<OpenCaseResult>(`/api/v1/links/${linkId}/cases`, values),
    invalidate: linkQueries(linkId),
    success: (result) => t(result.created ? "accounts.actions.caseOpened" : "accounts.actions.caseAddedTo", { reference: result.reference }),
    form,
    onSuccess: onDone,
  });
  return (
    <DialogForm
      onSubmit={form.handleSubmit((values) => run.mutate(values))}
      footer={<DialogActions form={form} pending={run.isPending} submitLabel={t("accounts.actions.confirmOpenCase")} pendingLabel={t("accounts.actions.working")} onCancel={onDone} />}
    >
      <p className="text-sm">{body}</p>
      <FormField control={form.control} name="note" label={t("accounts.actions.note")}>
        {(field, aria) => <Textarea {...field} {...aria} value={String(field.value ?? "")} rows={3} maxLength={2000} autoFocus />}
      </FormField>
    </DialogForm>
  );
}
