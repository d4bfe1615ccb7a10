"use client";
import { KeyRound, LogOut, Pencil, UserCheck, UserX } from "lucide-react";
import type { ReactNode } from "react";
import { RowActions, type RowAction } from "@/components/data-table/row-actions";
import { useT } from "@/lib/i18n/client";
import type { StaffMember } from "@/lib/users/schemas";

export type StaffAction = "edit" | "disable" | "enable" | "endSessions" | "reset";

/**
 * One person's actions in a row menu (as the controls board's): edit, end sessions, reset the
 * password, and last, apart, disable (red) or enable. Nobody disables, enables or resets themselves.
 */
export function StaffMenu({ member, onAction }: { member: StaffMember; onAction: (action: StaffAction, member: StaffMember) => void }) {
  const t = useT();
  const disabled = member.status === "disabled";
  const item = (action: StaffAction, label: string, icon: ReactNode, more: Partial<RowAction> = {}): RowAction => ({ key: action, label, icon, onSelect: () => onAction(action, member), ...more });
  const actions: RowAction[] = [
    item("edit", t("admin.staff.actions.edit"), <Pencil aria-hidden />),
    ...(member.activeSessions > 0 ? [item("endSessions", t("admin.staff.actions.endSessions"), <LogOut aria-hidden />)] : []),
    ...(member.isYou
      ? []
      : [
          item("reset", t("admin.staff.actions.resetPassword"), <KeyRound aria-hidden />),
          disabled
            ? item("enable", t("admin.staff.actions.enable"), <UserCheck aria-hidden />, { separatorBefore: true })
            : item("disable", t("admin.staff.actions.disable"), <UserX aria-hidden />, { separatorBefore: true, destructive: true }),
        ]),
  ];
  return <RowActions label={t("admin.staff.actions.menu", { name: member.displayName })} name={member.displayName} actions={actions} />;
}
