"use client";
import { useForm } from "react-hook-form";
import { FormActions, FormField, FormRootError } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { useApiMutation } from "@/hooks/use-api-mutation";
import { useZodResolver } from "@/hooks/use-zod-resolver";
import { sendJson } from "@/lib/api-client";
import { useT } from "@/lib/i18n/client";
import { incidentAttachRequest } from "@/lib/incidents/schemas";
import { INCIDENTS_QUERY_KEY } from "./keys";

/** Attaches a case by its reference (POST /api/v1/incidents/{id}/cases); the incident's figures, banks and cases refresh. */
export function AttachCaseForm({ incidentId, reference }: { incidentId: string; reference: string }) {
  const t = useT();
  const form = useForm({ resolver: useZodResolver(incidentAttachRequest), defaultValues: { caseId: "" } });
  const attach = useApiMutation({
    mutationFn: (body: { caseId: string }) => sendJson<{ reference: string }>(`/api/v1/incidents/${encodeURIComponent(incidentId)}/cases`, "POST", body),
    invalidate: [INCIDENTS_QUERY_KEY, ["cases"]],
    success: (r) => t("incidents.attach.done", { case: r.reference, reference }),
    form,
    onSuccess: () => form.reset({ caseId: "" }),
  });
  return (
    <form noValidate aria-label={t("incidents.attach.title")} data-testid="incident-attach" onSubmit={form.handleSubmit((v) => attach.mutate({ caseId: v.caseId.trim().toUpperCase() }))} className="space-y-2">
      <FormRootError form={form} />
      <div className="flex flex-wrap items-end gap-3">
        <FormField control={form.control} name="caseId" label={t("incidents.attach.field")} description={t("incidents.attach.hint")} className="max-w-md">
          {(field, aria) => <Input {...field} {...aria} autoComplete="off" placeholder="C-2026-0001" className="max-w-56" />}
        </FormField>
        <div className="pb-6">
          <FormActions pending={attach.isPending} submitLabel={t("incidents.attach.save")} pendingLabel={t("incidents.attach.saving")} />
        </div>
      </div>
    </form>
  );
}
