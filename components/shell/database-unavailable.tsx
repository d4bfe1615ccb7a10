"use client";
import { useEffect } from "react";
import { Notice } from "@/components/ui/notice";
import { useT } from "@/lib/i18n/client";

/** How often an outage page asks /api/health whether the database is back. */
const RETRY_EVERY_MS = 250;

/** Whether /api/health says the database answers (false when the health check itself fails). */
export async function databaseIsUp(): Promise<boolean> {
  try {
    const res = await fetch("/api/health", { cache: "no-store", signal: AbortSignal.timeout(3_000) });
    const body = (await res.json()) as { checks?: { database?: { state?: string } } };
    return body.checks?.database?.state === "up";
  } catch {
    return false;
  }
}

/**
 * The console's outage page: "the database is unavailable" in the user's language. It asks
 * /api/health every RETRY_EVERY_MS and, once the database answers, calls `onBack` (by default it
 * loads the page again: the page the browser asked for, which proxy.ts answered with this one and
 * a 503). Shown by proxy.ts's 503 (app/unavailable) and by a page whose render failed (app/error.tsx).
 */
export function DatabaseUnavailable({ onBack }: { onBack?: () => void }) {
  const t = useT();
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = async () => {
      const up = await databaseIsUp();
      if (stopped) return;
      if (!up) timer = setTimeout(() => void check(), RETRY_EVERY_MS);
      else if (onBack) onBack();
      else window.location.reload();
    };
    timer = setTimeout(() => void check(), RETRY_EVERY_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [onBack]);
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
