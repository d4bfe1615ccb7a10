"use client";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { REASON_MIN, SNOOZE_MAX_DAYS } from "@/lib/cases/constants";
import type { BulkItem, BulkResult } from "@/lib/cases/schemas";
import { useT } from "@/lib/i18n/client";
import { isFieldErrorCode, isProblemCode } from "@/lib/i18n/error-codes";
import type { Translate } from "@/lib/i18n/types";

/** Why one case of a bulk action was not done, in the reader's language, from its machine code (never its English). */
export function bulkWhy(t: Translate, item: BulkItem): string {
  const code = item.code ?? "failed";
  const vars = { minimum: REASON_MIN, maximum: SNOOZE_MAX_DAYS, requestId: "—", ...item.params };
  if (code === "stale") return t("cases.queue.result.stale");
  if (isProblemCode(code)) return t(`errors.problem.${code}`, vars);
  if (isFieldErrorCode(code)) return t(`errors.field.${code}`, vars);
  return t("cases.queue.result.unknown", { code });
}

/** The answer of a bulk action: how many were done, then each case, done or why not (the refused first). */
export function BulkResultPanel({ result, onClose }: { result: BulkResult; onClose: () => void }) {
  const t = useT();
  const items = [...result.items.filter((i) => !i.ok), ...result.items.filter((i) => i.ok)];
  return (
    <section aria-labelledby="bulk-result-title" className="space-y-2 rounded-md border border-slate-300 bg-white p-3" data-testid="bulk-result">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="bulk-result-title" className="text-sm font-semibold">
          {t("cases.queue.result.title")}
        </h2>
        <p className="text-sm" role="status" data-testid="bulk-summary">
          {t("cases.queue.result.summary", { done: result.done, refused: result.refused })}
        </p>
        <Button type="button" size="sm" variant="ghost" className="ml-auto" onClick={onClose}>
          {t("cases.queue.result.close")}
        </Button>
      </div>
      {result.capped ? <p className="text-sm text-amber-900">{t("cases.queue.result.capped", { count: result.selected })}</p> : null}
      <div className="max-h-60 overflow-auto rounded border">
        <table className="w-full text-sm">
          <caption className="sr-only">{t("cases.queue.result.caption")}</caption>
          <thead className="sticky top-0 bg-slate-50 text-left text-xs text-slate-700">
            <tr>
              <th scope="col" className="px-2 py-1">
                {t("cases.queue.result.case")}
              </th>
              <th scope="col" className="px-2 py-1">
                {t("cases.queue.result.answer")}
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.id} className="border-t" data-testid="bulk-item">
                <th scope="row" className="px-2 py-1 text-left font-mono font-normal">
                  {i.reference ? (
                    <Link href={`/cases/${i.reference}`} className="text-brand-700 underline-offset-2 hover:underline">
                      {i.reference}
                    </Link>
                  ) : (
                    "—"
                  )}
                </th>
                <td className={i.ok ? "px-2 py-1 text-green-800" : "px-2 py-1 text-red-800"}>{i.ok ? t("cases.queue.result.done") : t("cases.queue.result.notDone", { why: bulkWhy(t, i) })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
