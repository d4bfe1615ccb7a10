"use client";
import { useForm } from "react-hook-form";
import { CheckboxGroupField, DialogActions, FormField } from "@/components/ui/form";
import { DialogForm, FormDialog } from "@/components/ui/form-dialog";
import { Input } from "@/components/ui/input";
import { useApiMutation } from "@/hooks/use-api-mutation";
import { useZodResolver } from "@/hooks/use-zod-resolver";
import { sendJson } from "@/lib/api-client";
import { useT } from "@/lib/i18n/client";
import { DISPLAY_NAME_MAX, STAFF_ROLES } from "@/lib/users/constants";
import { updateStaffRequest, type StaffMember } from "@/lib/users/schemas";
import { ADMIN_QUERY_KEY, roleOptions } from "./options";

/**
 * A person's name and roles, in a dialog (the console's form pattern: react-hook-form on the
 * route's own schema, the one mutation hook; the server's codes next to their fields). Loaded when
 * the dialog opens, with zod. One's own roles are not one's to change: they show locked, and only
 * the name is sent.
 */
export function EditStaffForm({ member, onDone }: { member: StaffMember; onDone: () => void }) {
  const t = useT();
  const form = useForm({
    resolver: useZodResolver(updateStaffRequest),
    // The roles the person will have: a pending grant's too (leaving them ticked leaves the grant as it is).
    defaultValues: { displayName: member.displayName, roles: [...member.roles, ...(member.pendingGrant?.roles ?? [])] },
  });
  const save = useApiMutation({
    mutationFn: (body: unknown) => sendJson<StaffMember>(`/api/v1/admin/users/${encodeURIComponent(member.id)}`, "PATCH", body),
    // The staff list and the role grants a change of roles may have asked for.
    invalidate: [ADMIN_QUERY_KEY],
    success: (updated) => t("admin.staff.done.updated", { name: updated.displayName }),
    form,
    onSuccess: onDone,
  });
  const title = t("admin.staff.edit.title", { name: member.displayName });
  return (
    <DialogForm
      label={title}
      onSubmit={form.handleSubmit((values) => save.mutate(member.isYou ? { displayName: values.displayName } : values))}
      footer={<DialogActions form={form} pending={save.isPending} submitLabel={t("admin.staff.edit.save")} pendingLabel={t("admin.staff.edit.saving")} onCancel={onDone} />}
    >
      <FormField control={form.control} name="displayName" label={t("admin.staff.edit.name")} className="max-w-sm">
        {(field, aria) => <Input {...field} {...aria} autoComplete="off" required maxLength={DISPLAY_NAME_MAX} autoFocus />}
      </FormField>
      <CheckboxGroupField
        control={form.control}
        name="roles"
        legend={t("admin.staff.edit.roles")}
        options={roleOptions(t)}
        locked={member.isYou ? STAFF_ROLES : []}
        description={member.isYou ? t("admin.staff.edit.selfRoles") : t("admin.staff.edit.rolesHint")}
      />
    </DialogForm>
  );
}

/** The edit form in its dialog, open while mounted (the staff table mounts it for one person). */
export function EditStaffDialog({ member, onClose }: { member: StaffMember; onClose: () => void }) {
  const t = useT();
  return (
    <FormDialog open onOpenChange={(o) => (o ? undefined : onClose())} title={t("admin.staff.edit.title", { name: member.displayName })}>
      <EditStaffForm member={member} onDone={onClose} />
    </FormDialog>
  );
}
