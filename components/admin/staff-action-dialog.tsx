"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Notice } from "@/components/ui/notice";
import { useT } from "@/lib/i18n/client";
import { isPrivileged, type ResetPasswordAnswer, type SessionsEnded, type StaffMember } from "@/lib/users/schemas";
import { sendJson } from "./api";
import { OneTimeSecret } from "./one-time-secret";
import { CREDENTIAL_RESETS_QUERY_KEY, STAFF_QUERY_KEY } from "./options";
import { failureText } from "./reasons";
import type { StaffAction } from "./staff-row";

const PATHS: Record<StaffAction, string> = {
  disable: "disable",
  enable: "enable",
  endSessions: "end-sessions",
  reset: "reset-password",
};

/**
 * The confirmation of one action on one person, naming them. A password reset shows the new
 * temporary password in the same dialog, once; a manager's or admin's reset waits for a second
 * administrator instead (the dialog says so beforehand), who receives the password.
 */
export function StaffActionDialog({
  action,
  member,
  onClose,
  onDone,
}: {
  action: StaffAction | null;
  member: StaffMember | null;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const t = useT();
  const queryClient = useQueryClient();
  const [resetTotp, setResetTotp] = useState(false);
  const [password, setPassword] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: ({ action, member, resetTotp }: { action: StaffAction; member: StaffMember; resetTotp: boolean }) =>
      sendJson<SessionsEnded | StaffMember | ResetPasswordAnswer>(
        `/api/v1/admin/users/${encodeURIComponent(member.id)}/${PATHS[action]}`,
        "POST",
        action === "reset" ? { resetTotp } : {},
      ),
    onSuccess: async (result, { action, member }) => {
      // Ending one's own sessions signs oneself out: go through sign-in again (the layout redirects).
      if (member.isYou && action === "endSessions") {
        window.location.reload();
        return;
      }
      await queryClient.invalidateQueries({ queryKey: STAFF_QUERY_KEY });
      const name = member.displayName;
      const count = "sessionsEnded" in result ? result.sessionsEnded : 0;
      if (action === "reset" && "temporaryPassword" in result && result.temporaryPassword === null) {
        await queryClient.invalidateQueries({ queryKey: CREDENTIAL_RESETS_QUERY_KEY });
        onDone(t("admin.staff.done.resetRequested", { name }));
        close();
        return;
      }
      if (action === "reset" && "temporaryPassword" in result) {
        setPassword(result.temporaryPassword);
        onDone(t("admin.staff.done.passwordReset", { name }));
        return;
      }
      onDone(
        action === "disable"
          ? t("admin.staff.done.disabled", { name, count })
          : action === "enable"
            ? t("admin.staff.done.enabled", { name })
            : t("admin.staff.done.sessionsEnded", { name, count }),
      );
      close();
    },
  });

  function close() {
    // One's own password reset ended one's own session: once the password is noted, sign in again.
    if (password && member?.isYou) {
      window.location.reload();
      return;
    }
    setPassword(null);
    setResetTotp(false);
    run.reset();
    onClose();
  }

  const open = action !== null && member !== null;
  const vars = { name: member?.displayName ?? "", email: member?.email ?? "" };
  const text = {
    disable: { title: t("admin.staff.confirm.disableTitle", vars), body: t("admin.staff.confirm.disableBody", vars), confirm: t("admin.staff.confirm.disableConfirm", vars) },
    enable: { title: t("admin.staff.confirm.enableTitle", vars), body: t("admin.staff.confirm.enableBody", vars), confirm: t("admin.staff.confirm.enableConfirm", vars) },
    endSessions: { title: t("admin.staff.confirm.endSessionsTitle", vars), body: t("admin.staff.confirm.endSessionsBody", vars), confirm: t("admin.staff.confirm.endSessionsConfirm") },
    reset: { title: t("admin.staff.confirm.resetTitle", vars), body: t("admin.staff.confirm.resetBody", vars), confirm: t("admin.staff.confirm.resetConfirm") },
  }[action ?? "disable"];

  return (
    <ConfirmDialog
      open={open}
      title={text.title}
      confirmLabel={text.confirm}
      cancelLabel={t("admin.staff.confirm.cancel")}
      closeLabel={t("admin.staff.confirm.close")}
      busyLabel={t("admin.staff.confirm.working")}
      tone={action === "enable" ? "primary" : "danger"}
      busy={run.isPending}
      error={run.isError ? <Notice tone="error">{failureText(t, run.error)}</Notice> : null}
      done={
        password && member ? (
          <OneTimeSecret
            label={t("admin.secret.passwordFor", { name: member.displayName })}
            value={password}
            warning={t("admin.secret.passwordWarning", { name: member.displayName })}
          />
        ) : null
      }
      onConfirm={() => {
        if (action && member) run.mutate({ action, member, resetTotp });
      }}
      onClose={close}
    >
      <p>{text.body}</p>
      {action === "reset" && member && (member.roles.some(isPrivileged) || member.pendingGrant) ? <Notice tone="warning">{t("admin.staff.confirm.resetFourEyes", vars)}</Notice> : null}
      {action === "reset" ? (
        <label className="flex items-start gap-2">
          <input type="checkbox" checked={resetTotp} onChange={(e) => setResetTotp(e.target.checked)} className="mt-0.5 size-4 accent-brand-700" aria-describedby="reset-totp-hint" />
          <span>
            <span className="font-medium">{t("admin.staff.confirm.resetTotp")}</span>
            <span id="reset-totp-hint" className="block text-xs text-slate-600">
              {t("admin.staff.confirm.resetTotpHint")}
            </span>
          </span>
        </label>
      ) : null}
    </ConfirmDialog>
  );
}
