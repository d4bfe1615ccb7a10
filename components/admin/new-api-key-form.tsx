"use client";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { CheckboxGroupField, FormActions, FormField, FormRootError } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Notice } from "@/components/ui/notice";
import { useApiMutation } from "@/hooks/use-api-mutation";
import { useZodResolver } from "@/hooks/use-zod-resolver";
import { sendJson } from "@/lib/api-client";
import { createApiKeyRequest, type CreatedApiKey } from "@/lib/api-keys/schemas";
import { useT } from "@/lib/i18n/client";
import { OneTimeSecret } from "./one-time-secret";
import { API_KEYS_QUERY_KEY, scopeOptions } from "./options";

/** Issues an API key; the key itself is shown once, then only its first characters. */
export function NewApiKeyForm({ onClose }: { onClose: () => void }) {
  const t = useT();
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const form = useForm({ resolver: useZodResolver(createApiKeyRequest), defaultValues: { name: "", scopes: [] } });
  const create = useApiMutation({
    mutationFn: (body: unknown) => sendJson<CreatedApiKey>("/api/v1/admin/api-keys", "POST", body),
    invalidate: [API_KEYS_QUERY_KEY],
    success: (result) => t("admin.apiKeys.new.created", { name: result.apiKey.name }),
    form,
    onSuccess: setCreated,
  });

  if (created) {
    return <OneTimeSecret label={t("admin.secret.keyFor", { name: created.apiKey.name })} value={created.value} warning={t("admin.secret.keyWarning")} onDone={onClose} />;
  }

  const fieldErrors = Object.keys(form.formState.errors).some((k) => k !== "root");
  return (
    <form onSubmit={form.handleSubmit((values) => create.mutate(values))} noValidate className="space-y-4">
      {fieldErrors ? <Notice tone="error">{t("admin.apiKeys.new.invalid")}</Notice> : <FormRootError form={form} />}
      <div className="max-w-md">
        <FormField control={form.control} name="name" label={t("admin.apiKeys.new.name")} description={t("admin.apiKeys.new.nameHint")}>
          {(field, aria) => <Input {...field} {...aria} autoComplete="off" required maxLength={100} />}
        </FormField>
      </div>
      <CheckboxGroupField control={form.control} name="scopes" legend={t("admin.apiKeys.new.scopes")} options={scopeOptions(t)} />
      <FormActions pending={create.isPending} submitLabel={t("admin.apiKeys.new.submit")} pendingLabel={t("admin.apiKeys.new.submitting")} cancelLabel={t("admin.apiKeys.new.cancel")} onCancel={onClose} />
    </form>
  );
}
