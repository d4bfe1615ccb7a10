"use client";
import { useRouter } from "next/navigation";
import { startTransition, useCallback, useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { useT } from "@/lib/i18n/client";

/** How often the page asks /api/health whether the database is back. */
const RETRY_EVERY_MS = 500;

/**
 * A page that failed to render. In production its error carries no message (only a digest), so it
 * asks the health check what failed: while the database is down it says so in the user's language
 * and renders the page again by itself as soon as the database answers (within half a second of it);
 * any other failure shows a plain error with a retry button.
 */
export default function PageError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useT();
  const router = useRouter();
  const [database, setDatabase] = useState<"checking" | "down" | "up">("checking");

  const retry = useCallback(() => {
    startTransition(() => {
      router.refresh();
      reset();
    });
  }, [router, reset]);

  useEffect(() => {
    let stopped = false;
    let wasDown = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = async () => {
      let up = false;
      try {
        const res = await fetch("/api/health", { cache: "no-store", signal: AbortSignal.timeout(3_000) });
        const body = (await res.json()) as { checks?: { database?: { state?: string } } };
        up = body.checks?.database?.state === "up";
      } catch {
        up = false;
      }
      if (stopped) return;
      if (up) {
        setDatabase("up");
        // Back after an outage: render the page again without being asked.
        if (wasDown) retry();
        return;
      }
      wasDown = true;
      setDatabase("down");
      timer = setTimeout(() => void check(), RETRY_EVERY_MS);
    };
    void check();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [retry]);

  if (database === "down") {
    return (
      <div className="mx-auto max-w-xl space-y-3 p-8" data-testid="database-unavailable">
        <h1 className="text-2xl font-bold">{t("common.databaseUnavailable")}</h1>
        <Notice tone="warning">{t("common.databaseUnavailableBody")}</Notice>
        <p className="text-sm text-slate-600" aria-live="polite">
          {t("common.databaseRetrying")}
        </p>
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-xl space-y-3 p-8">
      <h1 className="text-2xl font-bold">{t("common.errorTitle")}</h1>
      <p className="text-slate-700">{t("common.pageFailed")}</p>
      <Button type="button" onClick={retry}>
        {t("common.retry")}
      </Button>
    </div>
  );
}
