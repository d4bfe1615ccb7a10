"use client";
import { useEffect } from "react";
import { useForm, useWatch } from "react-hook-form";
import { FormActions, FormField, FormRootError } from "@/components/ui/form";
import { Textarea } from "@/components/ui/input";
import { useZodResolver } from "@/hooks/use-zod-resolver";
import { NOTE_MAX } from "@/lib/cases/constants";
import { noteRequest } from "@/lib/cases/workflow-schemas";
import { useT } from "@/lib/i18n/client";
import { useCaseMutation } from "./case-write";
import { Markdown } from "./markdown";

/** A note in Markdown, previewed as it will show, on the route's own schema; it carries the version read when typing began. */
export function NoteForm({ version }: { version: number }) {
  const t = useT();
  const form = useForm({ resolver: useZodResolver(noteRequest), defaultValues: { text: "", version } });
  const text = useWatch({ control: form.control, name: "text" });
  const run = useCaseMutation({
    path: () => "/notes",
    what: (v: { text: string; version: number }) => t("cases.file.actions.whatNote", { text: v.text.length > 80 ? `${v.text.slice(0, 80)}…` : v.text }),
    success: () => t("cases.file.actions.noteAdded"),
    form,
    onSuccess: (r) => {
      // Saved, or handed to the conflict panel: either way the box starts again on the case as it is now.
      form.reset({ text: "", version: r?.version ?? version });
    },
  });
  // A pristine box follows the case's version as the page refetches it; once typing began it keeps the one read then.
  const dirty = form.formState.isDirty;
  useEffect(() => {
    if (!dirty && form.getValues("version") !== version) form.reset({ text: "", version });
  }, [dirty, form, version]);
  return (
    <form onSubmit={form.handleSubmit((v) => run.mutate(v))} noValidate className="space-y-2 rounded-lg border border-slate-200 bg-white p-3" data-testid="note-form" aria-label={t("cases.file.actions.note")}>
      <FormField control={form.control} name="text" label={t("cases.file.actions.noteLabel")} description={t("cases.file.actions.noteHint")}>
        {(field, aria) => <Textarea {...field} {...aria} rows={4} maxLength={NOTE_MAX} />}
      </FormField>
      {text.trim() ? (
        <div className="rounded border border-dashed border-slate-300 bg-slate-50 p-2" data-testid="note-preview">
          <p className="mb-1 text-xs font-medium text-slate-600">{t("cases.file.actions.preview")}</p>
          <Markdown text={text} />
        </div>
      ) : null}
      <FormRootError form={form} />
      <FormActions pending={run.isPending} submitLabel={t("cases.file.actions.saveNote")} pendingLabel={t("cases.file.actions.working")} />
    </form>
  );
}
