"use client";
import { useState, type FormEvent } from "react";
import { Field } from "@/components/ui/labelled-field";
import { FormActions, FormErrors } from "@/components/ui/form";
import { createApiKeyRequest, type CreatedApiKey } from "@/lib/api-keys/schemas";
import { useT } from "@/lib/i18n/client";
import { CheckboxGroup } from "./checkbox-group";
import { OneTimeSecret } from "./one-time-secret";
import { API_KEYS_QUERY_KEY, scopeOptions, type ApiKeyScopeName } from "./options";
import { failureText, reasonText } from "./reasons";
import { useCreate } from "./use-create";

const FORM_FIELDS = ["name", "scopes"] as const;

/** Issues an API key; the key itself is shown once, then only its first characters. */
export function NewApiKeyForm({ onClose, onCreated }: { onClose: () => void; onCreated: (name: string) => void }) {
  const t = useT();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<ApiKeyScopeName[]>([]);
  const { fields, created, create, submit, hasFieldErrors } = useCreate<CreatedApiKey>({
    url: "/api/v1/admin/api-keys",
    schema: createApiKeyRequest,
    listKey: API_KEYS_QUERY_KEY,
    formFields: FORM_FIELDS,
    onCreated: (result) => onCreated(result.apiKey.name),
  });

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    submit({ name, scopes });
  }

  if (created) {
    return (
      <OneTimeSecret
        label={t("admin.secret.keyFor", { name: created.apiKey.name })}
        value={created.value}
        warning={t("admin.secret.keyWarning")}
        onDone={onClose}
      />
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <FormErrors invalid={hasFieldErrors ? t("admin.apiKeys.new.invalid") : null} failure={create.isError ? failureText(t, create.error) : null} />
      <div className="max-w-md">
        <Field
          label={t("admin.apiKeys.new.name")}
          name="name"
          autoComplete="off"
          required
          maxLength={100}
          hint={t("admin.apiKeys.new.nameHint")}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={reasonText(t, fields.name)}
        />
      </div>
      <CheckboxGroup name="scopes" legend={t("admin.apiKeys.new.scopes")} options={scopeOptions(t)} value={scopes} onChange={setScopes} error={reasonText(t, fields.scopes)} />
      <FormActions pending={create.isPending} submitLabel={t("admin.apiKeys.new.submit")} pendingLabel={t("admin.apiKeys.new.submitting")} cancelLabel={t("admin.apiKeys.new.cancel")} onCancel={onClose} />
    </form>
  );
}
