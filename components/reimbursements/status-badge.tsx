"use client";
import { useI18n } from "@/lib/i18n/client";
import type { ReimbursementStatusName } from "@/lib/reimbursements/constants";

// Text carries the meaning; colour only repeats it.
const STATUS_STYLE: Record<ReimbursementStatusName, string> = {
  pending: "border-amber-400 bg-amber-50 text-amber-900 border-dashed",
  approved: "border-sky-400 bg-sky-50 text-sky-900",
  sent: "border-indigo-400 bg-indigo-50 text-indigo-900",
  paid: "border-emerald-500 bg-emerald-50 text-emerald-900",
  rejected: "border-red-400 bg-red-50 text-red-900",
  cancelled: "border-slate-300 bg-slate-100 text-slate-600 line-through",
};

export function ReimbursementStatusBadge({ value }: { value: ReimbursementStatusName }) {
  const { t } = useI18n();
  return <span className={`inline-block whitespace-nowrap rounded border px-1.5 py-0.5 text-xs ${STATUS_STYLE[value]}`}>{t(`reimbursements.status.${value}`)}</span>;
}

