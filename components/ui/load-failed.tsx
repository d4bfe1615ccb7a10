"use client";
import { ApiError } from "@/lib/api-client";
import { useT } from "@/lib/i18n/client";
import { Button } from "./button";
import { Notice } from "./notice";

/**
 * The error state of every list and panel: what failed, whether the connection was lost or the
 * server refused (with the request id to quote), and a way to try again.
 */
export function LoadFailed({ message, error, onRetry }: { message: string; error?: unknown; onRetry: () => void }) {
  const t = useT();
  let detail: string | null = null;
  if (error instanceof ApiError) {
    if (error.status === 0) detail = t("common.networkError");
    else if (error.status === 401) detail = t("auth.sessionEnded");
    else if (error.status === 403) detail = t("common.forbidden");
    else if (error.status === 503) detail = t("common.databaseUnavailableBody");
    else detail = t("common.errorBody", { requestId: error.requestId ?? "—" });
  }
  return (
    <Notice tone="error">
      <span className="flex flex-wrap items-center gap-3">
        <span>
          {message}
          {detail ? ` ${detail}` : null}
        </span>
        <Button type="button" variant="outline" onClick={onRetry}>
          {t("common.retry")}
        </Button>
      </span>
    </Notice>
  );
}
