"use client";
import { ConfirmAlert } from "@/components/ui/confirm-alert";
import { Notice } from "@/components/ui/notice";
import { useApiMutation } from "@/hooks/use-api-mutation";
import { sendJson } from "@/lib/api-client";
import type { ApiKeyView } from "@/lib/api-keys/schemas";
import { useT } from "@/lib/i18n/client";
import { problemText } from "@/lib/i18n/problem-text";
import { API_KEYS_QUERY_KEY } from "./options";

/** Revoking one key, confirmed (AlertDialog): open while mounted; the list is refreshed and a toast says so. */
export function RevokeKeyDialog({ apiKey, onClose }: { apiKey: ApiKeyView; onClose: () => void }) {
  const t = useT();
  const revoke = useApiMutation({
    mutationFn: (key: ApiKeyView) => sendJson<ApiKeyView>(`/api/v1/admin/api-keys/${encodeURIComponent(key.id)}/revoke`, "POST"),
    invalidate: [API_KEYS_QUERY_KEY],
    success: (key) => t("admin.apiKeys.revoke.done", { name: key.name }),
    errorShownBy: "caller",
    onSuccess: onClose,
  });
  return (
    <ConfirmAlert
      open
      title={t("admin.apiKeys.revoke.title", { name: apiKey.name })}
      confirmLabel={t("admin.apiKeys.revoke.confirm")}
      cancelLabel={t("admin.staff.confirm.cancel")}
      closeLabel={t("admin.staff.confirm.close")}
      busyLabel={t("admin.staff.confirm.working")}
      busy={revoke.isPending}
      error={revoke.isError ? <Notice tone="error">{problemText(t, revoke.error)}</Notice> : null}
      onConfirm={() => revoke.mutate(apiKey)}
      onClose={onClose}
    >
      <p>{t("admin.apiKeys.revoke.body", { prefix: apiKey.prefix })}</p>
    </ConfirmAlert>
  );
}
