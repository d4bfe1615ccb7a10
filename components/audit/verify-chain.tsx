"use client";
import { useMutation } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import type { z } from "zod";
import type { verifyResponse } from "@/lib/audit/schemas";
import { useT } from "@/lib/i18n/client";
import { ApiError, apiJson } from "./api";

type VerifyResult = z.output<typeof verifyResponse>;

/** Auditors only: walks the whole chain on the server and says whether it is intact. */
export function VerifyChain() {
  const t = useT();
  const run = useMutation({
    mutationFn: () => apiJson<VerifyResult>("/api/v1/audit/verify", { method: "POST" }),
  });
  const r = run.data;
  const err = run.error instanceof ApiError ? run.error : null;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-3">
        <Button type="button" variant="outline" size="sm" onClick={() => run.mutate()} disabled={run.isPending} aria-describedby="audit-verify-hint" title={t("audit.verify.hint")}>
          {t("audit.verify.button")}
        </Button>
        <p id="audit-verify-hint" className="sr-only">
          {t("audit.verify.hint")}
        </p>
      </div>
      {run.isPending ? <Notice>{t("audit.verify.running")}</Notice> : null}
      {r && !run.isPending ? (
        r.ok ? (
          <Notice tone="success">{t("audit.verify.intact", { count: r.checked })}</Notice>
        ) : (
          <Notice tone="error">
            {t("audit.verify.broken", {
              seq: r.firstBroken?.seq ?? "?",
              reason: t(r.firstBroken?.reason === "content_changed" ? "audit.verify.reason.content_changed" : "audit.verify.reason.link_broken"),
            })}
          </Notice>
        )
      ) : null}
      {run.isError && !run.isPending ? (
        <Notice tone="error">
          {t("audit.verify.failed")} {err?.status ? t("common.errorBody", { requestId: err.requestId ?? "—" }) : t("common.networkError")}
        </Notice>
      ) : null}
    </div>
  );
}
