"use client";
import { useRouter } from "next/navigation";
import { useForm, type UseFormReturn } from "react-hook-form";
import { DialogActions, FormField } from "@/components/ui/form";
import { DialogForm, FormDialog } from "@/components/ui/form-dialog";
import { Input, NativeSelect, Textarea } from "@/components/ui/input";
import { useApiMutation } from "@/hooks/use-api-mutation";
import { useZodResolver } from "@/hooks/use-zod-resolver";
import { sendJson } from "@/lib/api-client";
import { useT } from "@/lib/i18n/client";
import { jstDay } from "@/lib/jst";
import {
  INCIDENT_DESCRIPTION_MAX,
  INCIDENT_STATUSES,
  INCIDENT_TITLE_MAX,
  incidentCreateRequest,
  incidentUpdateRequest,
  type IncidentDetail,
  type IncidentWriteResult,
} from "@/lib/incidents/schemas";
import { INCIDENTS_QUERY_KEY } from "./keys";

type ValuesForm = UseFormReturn<Values>;
type Values = { title: string; description: string; startedOn: string; status: (typeof INCIDENT_STATUSES)[number] };

/**
 * Creates an incident (POST /api/v1/incidents) or edits one (PATCH /api/v1/incidents/{id}) in a
 * dialog: react-hook-form on the route's own schema, the one mutation hook, the server's codes next
 * to their fields. A new incident opens its page.
 */
export function IncidentFormDialog({ incident, onClose }: { incident?: IncidentDetail; onClose: () => void }) {
  const t = useT();
  const title = incident ? t("incidents.edit.title", { reference: incident.reference }) : t("incidents.create.title");
  return (
    <FormDialog open onOpenChange={(o) => (o ? undefined : onClose())} title={title} description={incident ? undefined : t("incidents.create.description")}>
      {incident ? <EditForm incident={incident} onDone={onClose} label={title} /> : <CreateForm onDone={onClose} label={title} />}
    </FormDialog>
  );
}

function CreateForm({ onDone, label }: { onDone: () => void; label: string }) {
  const t = useT();
  const router = useRouter();
  const form = useForm({
    resolver: useZodResolver(incidentCreateRequest),
    defaultValues: { title: "", description: "", startedOn: jstDay(new Date()), status: "open" as const },
  });
  const create = useApiMutation({
    mutationFn: (body: unknown) => sendJson<IncidentWriteResult>("/api/v1/incidents", "POST", body),
    invalidate: [INCIDENTS_QUERY_KEY],
    success: (r) => t("incidents.create.done", { reference: r.reference }),
    form,
    onSuccess: (r) => {
      onDone();
      router.push(`/incidents/${encodeURIComponent(r.reference)}`);
    },
  });
  return (
    <DialogForm
      label={label}
      testId="incident-form"
      onSubmit={form.handleSubmit((values) => create.mutate(values))}
      footer={<DialogActions form={form} pending={create.isPending} submitLabel={t("incidents.create.save")} pendingLabel={t("incidents.create.saving")} onCancel={onDone} />}
    >
      <Fields form={form as unknown as ValuesForm} />
    </DialogForm>
  );
}

function EditForm({ incident, onDone, label }: { incident: IncidentDetail; onDone: () => void; label: string }) {
  const t = useT();
  const form = useForm({
    resolver: useZodResolver(incidentUpdateRequest),
    defaultValues: { title: incident.title, description: incident.description, startedOn: jstDay(incident.startedAt), status: incident.status },
  });
  const save = useApiMutation({
    mutationFn: (body: unknown) => sendJson<IncidentWriteResult>(`/api/v1/incidents/${encodeURIComponent(incident.id)}`, "PATCH", body),
    invalidate: [INCIDENTS_QUERY_KEY],
    success: (r) => t("incidents.edit.done", { reference: r.reference }),
    form,
    onSuccess: onDone,
  });
  return (
    <DialogForm
      label={label}
      testId="incident-form"
      onSubmit={form.handleSubmit((values) => save.mutate(values))}
      footer={<DialogActions form={form} pending={save.isPending} submitLabel={t("incidents.edit.save")} pendingLabel={t("incidents.edit.saving")} onCancel={onDone} />}
    >
      <Fields form={form as unknown as ValuesForm} />
    </DialogForm>
  );
}

/** The fields both forms share (each form is on its own route's schema; the fields are the same). */
function Fields({ form }: { form: ValuesForm }) {
  const t = useT();
  return (
    <>
      <FormField control={form.control} name="title" label={t("incidents.create.fieldTitle")} description={t("incidents.create.fieldTitleHint")}>
        {(field, aria) => <Input {...field} {...aria} autoComplete="off" maxLength={INCIDENT_TITLE_MAX} autoFocus />}
      </FormField>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField control={form.control} name="startedOn" label={t("incidents.create.fieldStartedOn")}>
          {(field, aria) => <Input {...field} {...aria} autoComplete="off" inputMode="numeric" placeholder="YYYY-MM-DD" className="max-w-40 tabular-nums" />}
        </FormField>
        <FormField control={form.control} name="status" label={t("incidents.create.fieldStatus")}>
          {(field, aria) => (
            <NativeSelect {...field} {...aria} className="max-w-48">
              {INCIDENT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`incidents.status.${s}`)}
                </option>
              ))}
            </NativeSelect>
          )}
        </FormField>
      </div>
      <FormField control={form.control} name="description" label={t("incidents.create.fieldDescription")} description={t("incidents.create.fieldDescriptionHint")}>
        {(field, aria) => <Textarea {...field} {...aria} rows={5} maxLength={INCIDENT_DESCRIPTION_MAX} />}
      </FormField>
    </>
  );
}
