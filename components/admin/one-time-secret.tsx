"use client";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { useT } from "@/lib/i18n/client";

/**
 * A secret the server returns once (a temporary password, an API key): the value, a copy button
 * and the warning that it will not be shown again. Nothing keeps it after this component goes.
 */
export function OneTimeSecret({ label, value, warning, onDone }: { label: string; value: string; warning: string; onDone?: () => void }) {
  const t = useT();
  const id = useId();
  const [copy, setCopy] = useState<"idle" | "copied" | "failed">("idle");

  async function copyValue() {
    try {
      await navigator.clipboard.writeText(value);
      setCopy("copied");
    } catch {
      setCopy("failed");
    }
  }

  return (
    <div className="space-y-3" data-testid="one-time-secret">
      <Notice tone="warning">{warning}</Notice>
      <div className="space-y-1">
        <p id={`${id}-label`} className="text-sm font-medium text-slate-800">
          {label}
        </p>
        <div className="flex flex-wrap items-center gap-2">
          <output aria-labelledby={`${id}-label`} className="select-all break-all rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-base" data-testid="secret-value">
            {value}
          </output>
          <Button type="button" variant="outline" onClick={copyValue}>
            {t("admin.secret.copy")}
          </Button>
        </div>
        <p aria-live="polite" className="min-h-5 text-sm text-slate-700">
          {copy === "copied" ? t("admin.secret.copied") : copy === "failed" ? t("admin.secret.copyFailed") : ""}
        </p>
      </div>
      {onDone ? (
        <Button type="button" onClick={onDone}>
          {t("admin.secret.done")}
        </Button>
      ) : null}
    </div>
  );
}
