"use client";
import { useRouter } from "next/navigation";
import { startTransition, useCallback, useEffect, useState } from "react";
import { DatabaseUnavailable, databaseIsUp } from "@/components/shell/database-unavailable";
import { plainButtonClasses } from "@/components/ui/button-classes";
import { useT } from "@/lib/i18n/client";

/**
 * A page that failed to render. A page asked for while the database is down gets the outage page
 * with a 503 before it renders (proxy.ts); this is for a render that failed all the same (the
 * database went away in the middle of it, or a bug). In production its error carries no message
 * (only a digest), so it asks the health check what failed: while the database is down it shows the
 * outage page, which renders the page again by itself once the database answers; any other failure
 * shows a plain error with a retry button.
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
    void databaseIsUp().then((up) => {
      if (!stopped) setDatabase(up ? "up" : "down");
    });
    return () => {
      stopped = true;
    };
  }, []);

  if (database === "down") return <DatabaseUnavailable onBack={retry} />;
  return (
    <div className="mx-auto max-w-xl space-y-3 p-8">
      <h1 className="text-2xl font-bold">{t("common.errorTitle")}</h1>
      <p className="text-slate-700">{t("common.pageFailed")}</p>
      <button type="button" className={plainButtonClasses()} onClick={retry}>
        {t("common.retry")}
      </button>
    </div>
  );
}
