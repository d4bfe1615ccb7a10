"use client";
import type { ControlStateName } from "@/lib/controls/schemas";
import { useT } from "@/lib/i18n/client";

const STYLE: Record<ControlStateName, string> = {
  open: "border-green-300 bg-green-50 text-green-900",
  strong_only: "border-amber-300 bg-amber-50 text-amber-900",
  suspended: "border-red-300 bg-red-50 text-red-900",
};
// The shape says it too: never colour alone.
const MARK: Record<ControlStateName, string> = { open: "○", strong_only: "◐", suspended: "■" };

export function StateBadge({ state }: { state: ControlStateName }) {
  const t = useT();
  return (
    <span data-state={state} className={`inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-xs font-semibold ${STYLE[state]}`}>
      <span aria-hidden="true">{MARK[state]}</span>
      {t(`controls.state.${state}`)}
    </span>
  );
}
