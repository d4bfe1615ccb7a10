"use client";
import type { ControlStateName } from "@/lib/controls/schemas";
import { useT } from "@/lib/i18n/client";

const STYLE: Record<ControlStateName, string> = {
  open: "border-green-300 bg-green-50 text-green-900",
  strong_only: "border-amber-300 bg-amber-50 text-amber-900",
  suspended: "border-red-300 bg-red-100 text-red-900",
};
// The shape says it too: never colour alone.
const MARK: Record<ControlStateName, string> = { open: "○", strong_only: "◐", suspended: "■" };

/** A state's mark in its colour, for a line that names the state in words beside it. */
export function StateMark({ state }: { state: ControlStateName }) {
  return (
    <span aria-hidden="true" className={`inline-flex size-4 items-center justify-center rounded-full border text-[10px] leading-none ${STYLE[state]}`}>
      {MARK[state]}
    </span>
  );
}

/** A control's state: colour, mark and words (in the matrix the short words, read aloud in full). Never broken across lines. */
export function StateBadge({ state, short, compact }: { state: ControlStateName; short?: boolean; compact?: boolean }) {
  const t = useT();
  return (
    <span
      data-state={state}
      className={`inline-flex max-w-full min-w-0 items-center gap-1 rounded-full border font-semibold whitespace-nowrap ${compact ? "px-1.5 text-[11px] leading-4" : "px-2 py-0.5 text-xs"} ${STYLE[state]}`}
    >
      <span aria-hidden="true">{MARK[state]}</span>
      {short ? (
        <>
          <span aria-hidden="true" className="truncate">
            {t(`controls.stateShort.${state}`)}
          </span>
          <span className="sr-only">{t(`controls.state.${state}`)}</span>
        </>
      ) : (
        <span className="truncate">{t(`controls.state.${state}`)}</span>
      )}
    </span>
  );
}
