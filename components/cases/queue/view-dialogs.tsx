"use client";
import { useForm } from "react-hook-form";
import { ConfirmAlert } from "@/components/ui/confirm-alert";
import { DialogActions, FormField } from "@/components/ui/form";
import { DialogForm, FormDialog } from "@/components/ui/form-dialog";
import { Input } from "@/components/ui/input";
import { Notice } from "@/components/ui/notice";
import { useApiMutation } from "@/hooks/use-api-mutation";
import { useZodResolver } from "@/hooks/use-zod-resolver";
import { apiJson, postJson } from "@/lib/api-client";
import { VIEW_NAME_MAX } from "@/lib/cases/constants";
import { savedViewRequest, type SavedView } from "@/lib/cases/schemas";
import { useT } from "@/lib/i18n/client";
import { problemText } from "@/lib/i18n/problem-text";

const VIEWS_KEY = ["cases", "views"] as const;

/** Saving the queue's current filters under a name of the person's (the route's schema; a taken name is said next to the field). */
export function SaveViewDialog({ query, onClose }: { query: string; onClose: () => void }) {
  const t = useT();
  const form = useForm({ resolver: useZodResolver(savedViewRequest), defaultValues: { name: "", query } });
  const save = useApiMutation({
    mutationFn: (values: { name: string; query: string }) => postJson<SavedView>("/api/v1/cases/views", values),
    invalidate: [VIEWS_KEY],
    success: (v) => t("cases.queue.views.saved", { name: v.name ?? "" }),
    form,
    onSuccess: onClose,
  });
  return (
    <FormDialog open onOpenChange={(o) => (o ? undefined : onClose())} title={t("cases.queue.views.saveTitle")}>
      <DialogForm
        onSubmit={form.handleSubmit((values) => save.mutate(values))}
        footer={<DialogActions form={form} pending={save.isPending} submitLabel={t("cases.queue.views.save")} pendingLabel={t("cases.queue.views.saving")} onCancel={onClose} />}
      >
        <FormField control={form.control} name="name" label={t("cases.queue.views.name")} description={t("cases.queue.views.nameHint")}>
          {(field, aria) => <Input {...field} {...aria} maxLength={VIEW_NAME_MAX} autoComplete="off" autoFocus />}
        </FormField>
      </DialogForm>
    </FormDialog>
  );
}

/** Deleting one of the person's views, confirmed (the cases stay as they are). */
export function DeleteViewAlert({ view, onClose }: { view: SavedView; onClose: () => void }) {
  const t = useT();
  const name = view.name ?? "";
  const remove = useApiMutation({
    mutationFn: () => apiJson<unknown>(`/api/v1/cases/views/${view.id}`, { method: "DELETE" }),
    invalidate: [VIEWS_KEY],
    success: () => t("cases.queue.views.deleted", { name }),
    errorShownBy: "caller",
    onSuccess: onClose,
  });
  return (
    <ConfirmAlert
      open
      title={t("cases.queue.views.deleteTitle", { name })}
      confirmLabel={t("cases.queue.views.deleteConfirm")}
      cancelLabel={t("common.cancel")}
      closeLabel={t("common.close")}
      busy={remove.isPending}
      busyLabel={t("cases.queue.views.deleting")}
      error={remove.isError ? <Notice tone="error">{problemText(t, remove.error)}</Notice> : null}
      onConfirm={() => remove.mutate(undefined)}
      onClose={onClose}
    >
      <p>{t("cases.queue.views.deleteBody")}</p>
    </ConfirmAlert>
  );
}
