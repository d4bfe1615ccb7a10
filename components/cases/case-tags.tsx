"use client";
import { useState } from "react";
import type { CaseOutcome, CaseSeverity, CaseStatus } from "@/lib/cases/constants";
import { useT } from "@/lib/i18n/client";
import { cn } from "@/lib/utils";
import { dueTag } from "./queue/search";

// One look and one word for a case's status, severity and outcome wherever a case is shown (the
// queue, the case file, related cases). Text carries the meaning; colour and weight only repeat it.
const STATUS_STYLE: Record<CaseStatus, string> = {
  new: "border-sky-400 bg-sky-50 text-sky-900",
  triage: "border-amber-400 bg-amber-50 text-amber-900",
  investigating: "border-violet-400 bg-violet-50 text-violet-900",
  closed: "border-slate-300 bg-slate-100 text-slate-700",
};
const SEVERITY_STYLE: Record<CaseSeverity, string> = {
  critical: "border-red-500 bg-red-50 text-red-900 font-semibold",
  high: "border-orange-400 bg-orange-50 text-orange-900",
  medium: "border-slate-300 bg-white text-slate-800",
  low: "border-slate-200 bg-white text-slate-600",
};
const OUTCOME_STYLE: Record<CaseOutcome, string> = {
  confirmed_fraud: "border-red-300 bg-red-50 text-red-900",
  not_fraud: "border-slate-300 bg-white text-slate-800",
  inconclusive: "border-slate-300 bg-white text-slate-800",
};
const tag = "inline-block whitespace-nowrap rounded border px-1.5 py-0.5 text-xs";

export function CaseStatusTag({ status }: { status: CaseStatus }) {
  const t = useT();
  return <span className={cn(tag, STATUS_STYLE[status])}>{t(`cases.status.${status}`)}</span>;
}

export function CaseSeverityTag({ severity }: { severity: CaseSeverity }) {
  const t = useT();
  return <span className={cn(tag, SEVERITY_STYLE[severity])}>{t(`cases.severity.${severity}`)}</span>;
}

/** The outcome of a closed case; "no outcome yet" (or a dash, `dash`) for an open one. */
export function CaseOutcomeTag({ outcome, dash = false }: { outcome: CaseOutcome | null; dash?: boolean }) {
  const t = useT();
  if (!outcome) return <span className="text-slate-600">{dash ? "—" : t("cases.outcome.none")}</span>;
  return <span className={cn(tag, OUTCOME_STYLE[outcome])}>{t(`cases.outcome.${outcome}`)}</span>;
}

/** "3 days left" / "2 days late" beside an open case's due date (from `now`, or the moment the page opened); nothing for a closed one. */
export function DueTag({ dueAt, closed, now }: { dueAt: string; closed: boolean; now?: number }) {
  const t = useT();
  // The page refetches after each change; the tag counts whole days, so the opening moment is close enough.
  const [opened] = useState(() => Date.now());
  if (closed) return null;
  const { late, days } = dueTag(dueAt, now ?? opened);
  return (
    <span
      data-testid="due-tag"
      suppressHydrationWarning
      className={cn(tag, late ? "border-red-500 bg-red-50 font-semibold text-red-900" : days === 0 ? "border-amber-400 bg-amber-50 text-amber-900" : "border-slate-300 bg-white text-slate-700")}
    >
      {late ? t("cases.due.late", { count: days }) : t("cases.due.left", { count: days })}
    </span>
  );
}
