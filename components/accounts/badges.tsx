"use client";
import type { LinkStatus, Verification } from "@/lib/accounts/schemas";
import { useT } from "@/lib/i18n/client";

// Text and a border style carry the meaning; colour only repeats it.
const VERIFICATION_STYLE: Record<Verification, string> = {
  pin_only: "border-amber-400 bg-amber-50 text-amber-900 border-dashed",
  otp: "border-sky-400 bg-sky-50 text-sky-900",
  identity_document: "border-emerald-500 bg-emerald-50 text-emerald-900",
};

const STATUS_STYLE: Record<LinkStatus, string> = {
  active: "border-slate-300 bg-white text-slate-800",
  frozen: "border-red-400 bg-red-50 text-red-900 font-semibold",
  removed: "border-slate-300 bg-slate-100 text-slate-600 line-through",
};

export function VerificationBadge({ value }: { value: Verification }) {
  const t = useT();
  return <span className={`inline-block whitespace-nowrap rounded border px-1.5 py-0.5 text-xs ${VERIFICATION_STYLE[value]}`}>{t(`accounts.verification.${value}`)}</span>;
}

export function StatusBadge({ value }: { value: LinkStatus }) {
  const t = useT();
  return <span className={`inline-block whitespace-nowrap rounded border px-1.5 py-0.5 text-xs ${STATUS_STYLE[value]}`}>{t(`accounts.status.${value}`)}</span>;
}
