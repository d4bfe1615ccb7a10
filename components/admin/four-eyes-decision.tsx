"use client";
import type { QueryKey } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmAlert } from "@/components/ui/confirm-alert";
import { Notice } from "@/components/ui/notice";
import { useApiMutation } from "@/hooks/use-api-mutation";
import { sendJson } from "@/lib/api-client";
import { useT } from "@/lib/i18n/client";
import { problemText } from "@/lib/i18n/problem-text";
import type { MessageKey } from "@/lib/i18n/types";
import { OneTimeSecret } from "./one-time-secret";
import { STAFF_QUERY_KEY } from "./options";

export type Decision = "approve" | "reject" | "cancel";

/**
 * Approving, rejecting or withdrawing one staff request waiting for a second administrator, confirmed
 * (AlertDialog) with the words of its area (admin.<area>.confirm.*); open while mounted. An approval
 * that answers a temporary password shows it here, once.
 */
export function FourEyesDecision({
  area,
  url,
  queryKey,
  decision,
  item,
  body,
  onClose,
}: {
  area: "grants" | "resets";
  url: string;
  queryKey: QueryKey;
  decision: Decision;
  item: { id: string; revision: number; displayName: string };
  body: string;
  onClose: () => void;
}) {
  const t = useT();
  const m = (key: string, vars?: Record<string, string | number>) => t(`admin.${area}.${key}` as MessageKey, vars);
  const [password, setPassword] = useState<string | null>(null);
  const decide = useApiMutation({
    mutationFn: () => sendJson<object>(`${url}/${encodeURIComponent(item.id)}/${decision}`, "POST", decision === "cancel" ? {} : { revision: item.revision }),
    invalidate: [queryKey, STAFF_QUERY_KEY],
    success: () => m(`done.${decision}`, { name: item.displayName }),
    errorShownBy: "caller",
    onSuccess: (result) => {
      // An approved password reset: the approver hands the temporary password over, shown here once.
      if ("temporaryPassword" in result && typeof result.temporaryPassword === "string") setPassword(result.temporaryPassword);
      else onClose();
    },
  });
  return (
    <ConfirmAlert
      open
      title={m(`confirm.${decision}Title`, { name: item.displayName })}
      confirmLabel={m(`confirm.${decision}`)}
      cancelLabel={t("admin.staff.confirm.cancel")}
      closeLabel={t("admin.staff.confirm.close")}
      busyLabel={t("admin.staff.confirm.working")}
      destructive={decision !== "approve"}
      busy={decide.isPending}
      error={decide.isError ? <Notice tone="error">{problemText(t, decide.error)}</Notice> : null}
      done={password ? <OneTimeSecret label={t("admin.secret.passwordFor", { name: item.displayName })} value={password} warning={t("admin.secret.passwordWarning", { name: item.displayName })} /> : null}
      onConfirm={() => decide.mutate(undefined)}
      onClose={onClose}
    >
      <p>{body}</p>
    </ConfirmAlert>
  );
}
