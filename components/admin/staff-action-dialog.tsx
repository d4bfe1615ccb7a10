"use client";
import { useState } from "react";
import { Checkbox } from "@/components/ui/checkbox";
import { ConfirmAlert } from "@/components/ui/confirm-alert";
import { Notice } from "@/components/ui/notice";
import { useApiMutation } from "@/hooks/use-api-mutation";
import { sendJson } from "@/lib/api-client";
import { useT } from "@/lib/i18n/client";
import { problemText } from "@/lib/i18n/problem-text";
import { isPrivileged } from "@/lib/users/constants";
import type { ResetPasswordAnswer, SessionsEnded, StaffMember } from "@/lib/users/schemas";
import { OneTimeSecret } from "./one-time-secret";
import { ADMIN_QUERY_KEY } from "./options";
import type { StaffAction } from "./staff-menu";

type Confirmed = Exclude<StaffAction, "edit">;

const PATHS: Record<Confirmed, string> = {
  disable: "disable",
  enable: "enable",
  endSessions: "end-sessions",
  reset: "reset-password",
};

/**
 * The confirmation of one action on one person, naming them (the kit's AlertDialog). A password
 * reset shows the new temporary password in the same dialog, once; a manager's or admin's reset
 * waits for a second administrator instead (the dialog says so beforehand), who receives it.
 */
export function StaffActionDialog({ action, member, onClose }: { action: Confirmed | null; member: StaffMember | null; onClose: () => void }) {
  const t = useT();
  const [resetTotp, setResetTotp] = useState(false);
  const [password, setPassword] = useState<string | null>(null);
  const run = useApiMutation({
    mutationFn: ({ action, member, resetTotp }: { action: Confirmed; member: StaffMember; resetTotp: boolean }) =>
      sendJson<SessionsEnded | StaffMember | ResetPasswordAnswer>(`/api/v1/admin/users/${encodeURIComponent(member.id)}/${PATHS[action]}`, "POST", action === "reset" ? { resetTotp } : {}),
    // The staff list, and a reset waiting for a second administrator.
    invalidate: (_, { action, member }) => (member.isYou && action === "endSessions" ? [] : [ADMIN_QUERY_KEY]),
    success: (result, { action, member }) => {
      const name = member.displayName;
      const count = "sessionsEnded" in result ? result.sessionsEnded : 0;
      if (action === "reset") return "temporaryPassword" in result && result.temporaryPassword === null ? t("admin.staff.done.resetRequested", { name }) : t("admin.staff.done.passwordReset", { name });
      if (action === "disable") return t("admin.staff.done.disabled", { name, count });
      if (action === "enable") return t("admin.staff.done.enabled", { name });
      return member.isYou ? null : t("admin.staff.done.sessionsEnded", { name, count });
    },
    errorShownBy: "caller",
    onSuccess: (result, { action, member }) => {
      // Ending one's own sessions signs oneself out: go through sign-in again (the layout redirects).
      if (member.isYou && action === "endSessions") return window.location.reload();
      if (action === "reset" && "temporaryPassword" in result && result.temporaryPassword) return setPassword(result.temporaryPassword);
      close();
    },
  });

  function close() {
    // One's own password reset ended one's own session: once the password is noted, sign in again.
    if (password && member?.isYou) return window.location.reload();
    setPassword(null);
    setResetTotp(false);
    run.reset();
    onClose();
  }

  const vars = { name: member?.displayName ?? "", email: member?.email ?? "" };
  const text = {
    disable: { title: t("admin.staff.confirm.disableTitle", vars), body: t("admin.staff.confirm.disableBody", vars), confirm: t("admin.staff.confirm.disableConfirm", vars) },
    enable: { title: t("admin.staff.confirm.enableTitle", vars), body: t("admin.staff.confirm.enableBody", vars), confirm: t("admin.staff.confirm.enableConfirm", vars) },
    endSessions: { title: t("admin.staff.confirm.endSessionsTitle", vars), body: t("admin.staff.confirm.endSessionsBody", vars), confirm: t("admin.staff.confirm.endSessionsConfirm") },
    reset: { title: t("admin.staff.confirm.resetTitle", vars), body: t("admin.staff.confirm.resetBody", vars), confirm: t("admin.staff.confirm.resetConfirm") },
  }[action ?? "disable"];

  return (
    <ConfirmAlert
      open={action !== null && member !== null}
      title={text.title}
      confirmLabel={text.confirm}
      cancelLabel={t("admin.staff.confirm.cancel")}
      closeLabel={t("admin.staff.confirm.close")}
      busyLabel={t("admin.staff.confirm.working")}
      destructive={action !== "enable"}
      busy={run.isPending}
      error={run.isError ? <Notice tone="error">{problemText(t, run.error)}</Notice> : null}
      done={
        password && member ? (
          <OneTimeSecret label={t("admin.secret.passwordFor", { name: member.displayName })} value={password} warning={t("admin.secret.passwordWarning", { name: member.displayName })} />
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
        <div className="flex items-start gap-2">
          <Checkbox id="reset-totp" checked={resetTotp} onCheckedChange={(v) => setResetTotp(v === true)} className="mt-0.5" aria-describedby="reset-totp-hint" />
          <label htmlFor="reset-totp">
            <span className="font-medium">{t("admin.staff.confirm.resetTotp")}</span>
            <span id="reset-totp-hint" className="block text-xs text-slate-600">
              {t("admin.staff.confirm.resetTotpHint")}
            </span>
          </label>
        </div>
      ) : null}
    </ConfirmAlert>
  );
}
