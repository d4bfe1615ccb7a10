"use client";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { FormField, FormRootError } from "@/components/ui/form";
import { WholeNumberInput } from "@/components/ui/input";
import { useApiMutation } from "@/hooks/use-api-mutation";
import { useZodResolver } from "@/hooks/use-zod-resolver";
import { sendJson } from "@/lib/api-client";
import { CASE_SEVERITIES, type CaseSeverity } from "@/lib/cases/constants";
import { useT } from "@/lib/i18n/client";
import { slaChangeRequest } from "@/lib/rules/schemas";
import { SLA_QUERY_KEY } from "./text";

/** PUT /api/v1/cases/sla on the route's own schema. */
export function SlaForm({ hours }: { hours: Record<CaseSeverity, number> }) {
  const t = useT();
  const form = useForm({ resolver: useZodResolver(slaChangeRequest), defaultValues: { hours } });
  const save = useApiMutation({
    mutationFn: (body: unknown) => sendJson("/api/v1/cases/sla", "PUT", body),
    invalidate: [SLA_QUERY_KEY],
    success: () => t("cases.sla.saved"),
    form,
  });
  return (
    <form noValidate onSubmit={form.handleSubmit((values) => save.mutate(values))} className="space-y-3">
      <FormRootError form={form} />
      <div className="grid gap-3 sm:grid-cols-4">
        {CASE_SEVERITIES.map((s) => (
          <FormField key={s} control={form.control} name={`hours.${s}`} label={t("cases.sla.hours", { severity: t(`cases.severity.${s}`) })}>
            {(field, aria) => <WholeNumberInput {...field} {...aria} min={1} max={2160} />}
          </FormField>
        ))}
      </div>
      <Button type="submit" disabled={save.isPending} aria-busy={save.isPending || undefined}>
        {save.isPending ? t("cases.sla.saving") : t("cases.sla.save")}
      </Button>
    </form>
  );
}
