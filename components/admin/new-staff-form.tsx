"use client";
import { useState, type FormEvent } from "react";
import { Field } from "@/components/ui/labelled-field";
import { FormActions, FormErrors } from "@/components/ui/form";
import { useT } from "@/lib/i18n/client";
import { createStaffRequest, type StaffWithPassword } from "@/lib/users/schemas";
import { CheckboxGroup } from "./checkbox-group";
import { OneTimeSecret } from "./one-time-secret";
import { ADMIN_QUERY_KEY, roleOptions, type StaffRole } from "./options";
import { failureText, reasonText } from "./reasons";
import { useCreate } from "./use-create";

const FORM_FIELDS = ["email", "displayName", "roles"] as const;

/**
 * Adds a staff member. Errors sit next to their fields (from the shared schema first, then from
 * the API, e.g. an e-mail already in use); on success the temporary password is shown once.
 */
export function NewStaffForm({ onClose, onCreated }: { onClose: () => void; onCreated: (name: string) => void }) {
  const t = useT();
  const [email, setEmail] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [roles, setRoles] = useState<StaffRole[]>([]);
  const { fields, created, create, submit, hasFieldErrors } = useCreate<StaffWithPassword>({
    url: "/api/v1/admin/users",
    schema: createStaffRequest,
    // The staff list and, for a manager or admin, the role grants waiting for approval.
    listKey: ADMIN_QUERY_KEY,
    formFields: FORM_FIELDS,
    onCreated: (result) => onCreated(result.user.displayName),
  });

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    submit({ email, displayName, roles });
  }

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

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-describedby="new-staff-intro">
      <p id="new-staff-intro" className="text-sm text-slate-700">
        {t("admin.staff.new.intro")}
      </p>
      {/* A failure with no field to sit next to: no permission, the network, a server error. */}
      <FormErrors invalid={hasFieldErrors ? t("admin.staff.new.invalid") : null} failure={create.isError ? failureText(t, create.error) : null} />
      <div className="grid max-w-2xl gap-4 sm:grid-cols-2">
        <Field
          label={t("admin.staff.new.email")}
          name="email"
          type="email"
          autoComplete="off"
          required
          maxLength={320}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={reasonText(t, fields.email)}
        />
        <Field
          label={t("admin.staff.new.name")}
          name="displayName"
          autoComplete="off"
          required
          maxLength={100}
          hint={t("admin.staff.new.nameHint")}
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
          error={reasonText(t, fields.displayName)}
        />
      </div>
      <CheckboxGroup name="roles" legend={t("admin.staff.new.roles")} options={roleOptions(t)} value={roles} onChange={setRoles} error={reasonText(t, fields.roles)} />
      <FormActions pending={create.isPending} submitLabel={t("admin.staff.new.submit")} pendingLabel={t("admin.staff.new.submitting")} cancelLabel={t("admin.staff.new.cancel")} onCancel={onClose} />
    </form>
  );
}
