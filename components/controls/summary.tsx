"use client";
import { CONTROLS } from "@/lib/controls/constants";
import type { ControlsSummary } from "@/lib/controls/schemas";
import { formatCount } from "@/lib/format";
import { useT } from "@/lib/i18n/client";
import { StateMark } from "./state-badge";
import { controlName } from "./text";

/**
 * The counts on top of the board, over every bank in scope whatever the filter: per control the
 * banks suspended of all, strong-only and open, and the attempts blocked since the last changes;
 * the loosenings waiting, and those the viewer may decide (a link to the list below).
 */
export function ControlsSummaryBar({ summary, totalBanks }: { summary: ControlsSummary; totalBanks: number }) {
  const t = useT();
  return (
    <section aria-labelledby="controls-summary-title" className="grid gap-2 sm:grid-cols-3" data-testid="controls-summary">
      <h2 id="controls-summary-title" className="sr-only">
        {t("controls.summary.title")}
      </h2>
      {CONTROLS.map((c) => {
        const s = summary[c];
        return (
          <div key={c} className="rounded-md border border-slate-200 bg-white px-3 py-1.5" data-summary={c}>
            <p className="flex flex-wrap items-baseline gap-x-2 text-sm">
              <span className="font-semibold">{controlName(t, c)}</span>
              <span className="text-base font-bold text-red-800 tabular-nums">{t("controls.summary.suspendedOf", { count: s.suspended, total: totalBanks })}</span>
            </p>
            <p className="flex flex-wrap items-center gap-x-3 text-xs text-slate-700">
              <span className="inline-flex items-center gap-1">
                <StateMark state="strong_only" />
                {t("controls.summary.strongOnly", { count: s.strong_only })}
              </span>
              <span className="inline-flex items-center gap-1">
                <StateMark state="open" />
                {t("controls.summary.open", { count: s.open })}
              </span>
              <span>{t("controls.summary.blocked", { count: formatCount(s.blocked) })}</span>
            </p>
          </div>
        );
      })}
      <div className="rounded-md border border-slate-200 bg-white px-3 py-1.5">
        {summary.waiting ? (
          <>
            <p className="text-sm">
              <a href="#pending-requests-title" className="text-base font-bold text-brand-700 underline tabular-nums">
                {t("controls.summary.waiting", { count: summary.waiting })}
              </a>
            </p>
            <p className={`text-xs ${summary.awaitingViewer ? "font-semibold text-amber-900" : "text-slate-700"}`}>
              {t("controls.summary.awaitingYou", { count: summary.awaitingViewer })}
            </p>
          </>
        ) : (
          <p className="py-2 text-sm text-slate-700">{t("controls.summary.noneWaiting")}</p>
        )}
      </div>
    </section>
  );
}
