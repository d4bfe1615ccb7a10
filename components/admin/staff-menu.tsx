"use client";
import { KeyRound, LogOut, Pencil, UserCheck, UserX } from "lucide-react";
import { RowActions } from "@/components/data-table/row-actions";
import { DropdownMenuItem, DropdownMenuSeparator } from "@/components/ui/dropdown-menu";
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
  return (
    <RowActions label={t("admin.staff.actions.menu", { name: member.displayName })} name={member.displayName}>
        <DropdownMenuItem onSelect={() => onAction("edit", member)}>
          <Pencil aria-hidden />
          {t("admin.staff.actions.edit")}
        </DropdownMenuItem>
        {member.activeSessions > 0 ? (
          <DropdownMenuItem onSelect={() => onAction("endSessions", member)}>
            <LogOut aria-hidden />
            {t("admin.staff.actions.endSessions")}
          </DropdownMenuItem>
        ) : null}
        {member.isYou ? null : (
          <>
            <DropdownMenuItem onSelect={() => onAction("reset", member)}>
              <KeyRound aria-hidden />
              {t("admin.staff.actions.resetPassword")}
            </DropdownMenuItem>
            <DropdownMenuSeparator />
            {disabled ? (
              <DropdownMenuItem onSelect={() => onAction("enable", member)}>
                <UserCheck aria-hidden />
                {t("admin.staff.actions.enable")}
              </DropdownMenuItem>
            ) : (
              <DropdownMenuItem variant="destructive" onSelect={() => onAction("disable", member)}>
                <UserX aria-hidden />
                {t("admin.staff.actions.disable")}
              </DropdownMenuItem>
            )}
          </>
        )}
    </RowActions>
  );
}
