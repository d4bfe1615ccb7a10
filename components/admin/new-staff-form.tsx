"use client";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { CheckboxGroupField, FormActions, FormField, FormRootError } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Notice } from "@/components/ui/notice";
import { useApiMutation } from "@/hooks/use-api-mutation";
import { useZodResolver } from "@/hooks/use-zod-resolver";
import { sendJson } from "@/lib/api-client";
import { useT } from "@/lib/i18n/client";
import { createStaffRequest, type StaffWithPassword } from "@/lib/users/schemas";
import { OneTimeSecret } from "./one-time-secret";
import { ADMIN_QUERY_KEY, roleOptions } from "./options";

/**
 * Adds a staff member (the console's form pattern: react-hook-form on the route's own schema, the
 * one mutation hook). Errors sit next to their fields, from the browser's parse first, then from
 * the API by code (an e-mail already in use); on success the temporary password is shown once.
 */
export function NewStaffForm({ onClose }: { onClose: () => void }) {
  const t = useT();
  const [created, setCreated] = useState<StaffWithPassword | null>(null);
  const form = useForm({ resolver: useZodResolver(createStaffRequest), defaultValues: { email: "", displayName: "", roles: [] } });
  const create = useApiMutation({
    mutationFn: (body: unknown) => sendJson<StaffWithPassword>("/api/v1/admin/users", "POST", body),
    // The staff list and, for a manager or admin, the role grants waiting for approval.
    invalidate: [ADMIN_QUERY_KEY],
    success: (result) => t("admin.staff.new.created", { name: result.user.displayName }),
    form,
    onSuccess: setCreated,
  });

  if (created) {
    return (
      <OneTimeSecret
        label={t("admin.secret.passwordFor", { name: created.user.displayName })}
        value={created.temporaryPassword}
        warning={t("admin.secret.passwordWarning", { name: created.user.displayName })}
        onDone={onClose}
      />
    );
  }

  const fieldErrors = Object.keys(form.formState.errors).some((k) => k !== "root");
  return (
    <form onSubmit={form.handleSubmit((values) => create.mutate(values))} noValidate className="space-y-4" aria-describedby="new-staff-intro">
      <p id="new-staff-intro" className="text-sm text-slate-700">
        {t("admin.staff.new.intro")}
      </p>
      {fieldErrors ? <Notice tone="error">{t("admin.staff.new.invalid")}</Notice> : <FormRootError form={form} />}
      <div className="grid max-w-2xl gap-4 sm:grid-cols-2">
        <FormField control={form.control} name="email" label={t("admin.staff.new.email")}>
          {(field, aria) => <Input {...field} {...aria} type="email" autoComplete="off" required maxLength={320} />}
        </FormField>
        <FormField control={form.control} name="displayName" label={t("admin.staff.new.name")} description={t("admin.staff.new.nameHint")}>
          {(field, aria) => <Input {...field} {...aria} autoComplete="off" required maxLength={100} />}
        </FormField>
      </div>
      <CheckboxGroupField control={form.control} name="roles" legend={t("admin.staff.new.roles")} options={roleOptions(t)} />
      <FormActions pending={create.isPending} submitLabel={t("admin.staff.new.submit")} pendingLabel={t("admin.staff.new.submitting")} cancelLabel={t("admin.staff.new.cancel")} onCancel={onClose} />
    </form>
  );
}
