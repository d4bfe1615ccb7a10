"use client";
import { plainButtonClasses } from "@/components/ui/button-classes";
import { Notice } from "@/components/ui/notice";
import { useT } from "@/lib/i18n/client";

/** The page could not be rendered on the server (the database did not answer, say): offer a retry. */
export default function AuditError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useT();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t("audit.title")}</h1>
      <Notice tone="error">
        <div className="flex flex-wrap items-center gap-3">
          <span>
            {t("audit.loadFailed")} {error.digest ? t("common.errorBody", { requestId: error.digest }) : null}
          </span>
          <button type="button" className={plainButtonClasses("outline")} onClick={reset}>
            {t("common.retry")}
          </button>
        </div>
      </Notice>
    </div>
  );
}
