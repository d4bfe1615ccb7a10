"use client";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import { useApiMutation } from "@/hooks/use-api-mutation";
import { postJson } from "@/lib/api-client";
import type { TakeNextResult } from "@/lib/cases/schemas";
import { useT } from "@/lib/i18n/client";

/** Whether a key press belongs to what has the focus (a field, an open dialog or menu), not to the page. */
function typing(e: KeyboardEvent): boolean {
  const el = e.target instanceof HTMLElement ? e.target : null;
  if (el && (el.isContentEditable || el.closest("input, textarea, select, [role=dialog], [role=alertdialog], [role=menu], [role=listbox]"))) return true;
  return Boolean(document.querySelector("[role=dialog], [role=alertdialog]"));
}

/**
 * "Take next": the most urgent open case nobody has in the investigator's scope, assigned to them
 * at once on the server (two people pressing together get two cases), then its file. The `n` key
 * does the same when the focus is not in a field.
 */
export function TakeNextButton() {
  const t = useT();
  const router = useRouter();
  const take = useApiMutation({
    mutationFn: () => postJson<TakeNextResult>("/api/v1/cases/take-next", {}),
    invalidate: [["cases"]],
    success: (r) => t("cases.queue.takeNext.taken", { reference: r.reference }),
    onSuccess: (r) => router.push(`/cases/${r.reference}`),
  });
  const latest = useRef(take);
  useEffect(() => {
    latest.current = take;
  });
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.key !== "n" || e.ctrlKey || e.metaKey || e.altKey || e.repeat || typing(e)) return;
      if (latest.current.isPending) return;
      e.preventDefault();
      latest.current.mutate();
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  return (
    <Button type="button" onClick={() => take.mutate()} disabled={take.isPending} aria-busy={take.isPending || undefined} aria-keyshortcuts="n" title={t("cases.queue.takeNext.shortcut")} data-testid="take-next">
      {take.isPending ? t("cases.queue.takeNext.busy") : t("cases.queue.takeNext.button")}
      <kbd className="ml-1 rounded border border-white/40 px-1 font-mono text-xs">N</kbd>
    </Button>
  );
}
