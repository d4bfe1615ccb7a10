"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/labelled-field";
import { Notice } from "@/components/ui/notice";
import type { FieldErrors } from "@/lib/errors";
import { formatJst } from "@/lib/format";
import { useT } from "@/lib/i18n/client";
import { STAFF_ROLES, updateStaffRequest, type StaffMember } from "@/lib/users/schemas";
import { ApiError, sendJson } from "./api";
import { Badge, BadgeList } from "./badge";
import { CheckboxGroup } from "./checkbox-group";
import { ROLE_GRANTS_QUERY_KEY, roleLabel, roleOptions, STAFF_QUERY_KEY, type StaffRole } from "./options";
import { failureText, reasonText, zodFields } from "./reasons";

export type StaffAction = "disable" | "enable" | "endSessions" | "reset";

const COLUMNS = 7;

/** A row button whose accessible name says whom it acts on ("Disable 山田 太郎"). */
function RowButton({ label, name, onClick, variant = "outline", expanded }: { label: string; name: string; onClick: () => void; variant?: "outline" | "destructive"; expanded?: boolean }) {
  return (
    <Button type="button" variant={variant} className="px-2 py-1 text-xs" onClick={onClick} aria-expanded={expanded}>
      {label}
      <span className="sr-only"> ({name})</span>
    </Button>
  );
}

export function StaffRow({ member, onAction, onUpdated }: { member: StaffMember; onAction: (action: StaffAction, member: StaffMember) => void; onUpdated: (message: string) => void }) {
  const t = useT();
  const [editing, setEditing] = useState(false);
  const disabled = member.status === "disabled";
  return (
    <>
      <tr className={disabled ? "bg-slate-50 text-slate-600" : undefined} data-testid={`staff-row-${member.email}`}>
        <th scope="row" className="px-3 py-2 text-left align-top font-normal">
          <span className="block font-medium text-slate-900">
            {member.displayName}
            {member.isYou ? <span className="ml-2 text-xs font-normal text-slate-600">({t("admin.you")})</span> : null}
          </span>
          <span className="block break-all text-xs text-slate-600">{member.email}</span>
        </th>
        <td className="px-3 py-2 align-top">
          <BadgeList
            tone="blue"
            items={member.roles.map((r) => ({ key: r, label: roleLabel(t, r) }))}
          />
          {member.pendingGrant ? (
            <div className="mt-1">
              <BadgeList tone="amber" items={member.pendingGrant.roles.map((r) => ({ key: r, label: t("admin.staff.pendingRole", { role: roleLabel(t, r) }) }))} />
            </div>
          ) : null}
        </td>
        <td className="px-3 py-2 align-top">
          <div className="flex flex-wrap gap-1">
            <Badge tone={disabled ? "red" : "green"}>{disabled ? t("admin.staff.status.disabled") : t("admin.staff.status.active")}</Badge>
            {member.mustChangePassword ? <Badge tone="amber">{t("admin.staff.temporaryPassword")}</Badge> : null}
            {member.pendingReset ? <Badge tone="amber">{t("admin.staff.pendingReset")}</Badge> : null}
          </div>
        </td>
        <td className="px-3 py-2 align-top">
          <Badge tone={member.enrolled ? "green" : "amber"}>{member.enrolled ? t("admin.staff.enrolled") : t("admin.staff.notEnrolled")}</Badge>
        </td>
        <td className="whitespace-nowrap px-3 py-2 align-top tabular-nums">{member.lastSignInAt ? formatJst(member.lastSignInAt) : t("admin.staff.never")}</td>
        <td className="px-3 py-2 text-right align-top tabular-nums">{member.activeSessions}</td>
        <td className="px-3 py-2 align-top">
          <div className="flex flex-wrap gap-1">
            <RowButton label={t("admin.staff.actions.edit")} name={member.displayName} onClick={() => setEditing((v) => !v)} expanded={editing} />
            {member.isYou ? null : disabled ? (
              <RowButton label={t("admin.staff.actions.enable")} name={member.displayName} onClick={() => onAction("enable", member)} />
            ) : (
              <RowButton label={t("admin.staff.actions.disable")} name={member.displayName} variant="destructive" onClick={() => onAction("disable", member)} />
            )}
            {member.activeSessions > 0 ? <RowButton label={t("admin.staff.actions.endSessions")} name={member.displayName} onClick={() => onAction("endSessions", member)} /> : null}
            {member.isYou ? null : <RowButton label={t("admin.staff.actions.resetPassword")} name={member.displayName} onClick={() => onAction("reset", member)} />}
          </div>
        </td>
      </tr>
      {editing ? (
        <tr>
          <td colSpan={COLUMNS} className="bg-slate-50 px-3 py-3">
            <EditStaffForm
              member={member}
              onDone={(message) => {
                setEditing(false);
                if (message) onUpdated(message);
              }}
            />
          </td>
        </tr>
      ) : null}
    </>
  );
}

/** Name and roles of one person, inline under their row. */
function EditStaffForm({ member, onDone }: { member: StaffMember; onDone: (message: string | null) => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [displayName, setDisplayName] = useState(member.displayName);
  // The roles the person will have: a pending grant's too (leaving them ticked leaves the grant as it is).
  const [roles, setRoles] = useState<StaffRole[]>([...member.roles, ...(member.pendingGrant?.roles ?? [])]);
  const [fields, setFields] = useState<FieldErrors>({});
  const save = useMutation({
    mutationFn: (body: unknown) => sendJson<StaffMember>(`/api/v1/admin/users/${encodeURIComponent(member.id)}`, "PATCH", body),
    onSuccess: async (updated) => {
      await Promise.all([queryClient.invalidateQueries({ queryKey: STAFF_QUERY_KEY }), queryClient.invalidateQueries({ queryKey: ROLE_GRANTS_QUERY_KEY })]);
      onDone(t("admin.staff.done.updated", { name: updated.displayName }));
    },
    onError: (e) => setFields(e instanceof ApiError ? e.problems : {}),
  });

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const input = { displayName, roles };
    const parsed = updateStaffRequest.safeParse(input);
    if (!parsed.success) {
      setFields(zodFields(parsed.error));
      return;
    }
    setFields({});
    // One's own roles are not one's to change: only the name goes.
    save.mutate(member.isYou ? { displayName } : input);
  }

  // One's own roles stay as they are: the server refuses any change to them, so the form offers none.
  const locked: StaffRole[] = member.isYou ? STAFF_ROLES.slice() : [];
  const fieldError = fields.displayName || fields.roles;
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3" aria-label={t("admin.staff.edit.title", { name: member.displayName })}>
      {save.isError && !fieldError ? <Notice tone="error">{failureText(t, save.error)}</Notice> : null}
      <div className="max-w-sm">
        <Field
          label={t("admin.staff.edit.name")}
          name="displayName"
          autoComplete="off"
          required
          maxLength={100}
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
          error={reasonText(t, fields.displayName)}
          autoFocus
        />
      </div>
      <CheckboxGroup
        name="roles"
        legend={t("admin.staff.edit.roles")}
        options={roleOptions(t)}
        value={roles}
        onChange={setRoles}
        error={reasonText(t, fields.roles)}
        locked={locked}
        lockedHint={t("admin.staff.edit.selfRoles")}
      />
      <p className="text-xs text-slate-600">{t("admin.staff.edit.rolesHint")}</p>
      <div className="flex gap-2">
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? t("admin.staff.edit.saving") : t("admin.staff.edit.save")}
        </Button>
        <Button type="button" variant="outline" onClick={() => onDone(null)} disabled={save.isPending}>
          {t("admin.staff.edit.cancel")}
        </Button>
      </div>
    </form>
  );
}
