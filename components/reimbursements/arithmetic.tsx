"use client";
import type { ReactNode } from "react";
import { formatYen } from "@/lib/format";
import { useT } from "@/lib/i18n/client";
import type { Arithmetic } from "@/lib/reimbursements/schemas";

/**
 * A case's ceiling as the API computes it (lib/reimbursements/area.ts arithmeticOf): confirmed loss
 * − reimbursed − approved − pending − compensated by the bank = available. The one rendering of it:
 * the case file, the proposal form, the decision dialog and the detail sheet. `pendingIncludesThis`:
 * the pending line holds the reimbursement being looked at. `extra`: a line under the total (what
 * the form's amount would leave).
 */
export function ArithmeticTable({ a, pendingIncludesThis = false, extra, testId = "arithmetic" }: { a: Arithmetic; pendingIncludesThis?: boolean; extra?: ReactNode; testId?: string }) {
  const t = useT();
  // Each line is one div of one dt and one dd, directly in the dl (axe: definition-list, dlitem).
  const row = (label: string, value: number, strong = false) => (
    <div className={strong ? "flex justify-between gap-4 border-t border-slate-300 pt-1" : "flex justify-between gap-4"}>
      <dt className={strong ? "font-semibold" : undefined}>{label}</dt>
      <dd className={strong ? "font-semibold tabular-nums" : "tabular-nums"}>{formatYen(value)}</dd>
    </div>
  );
  return (
    <dl className="space-y-1 text-sm" data-testid={testId}>
      {row(t("reimbursements.decide.loss"), a.lossYen)}
      {row(t("reimbursements.decide.reimbursed"), a.reimbursedYen)}
      {row(t("reimbursements.decide.approvedYen"), a.approvedYen)}
      {row(t(pendingIncludesThis ? "reimbursements.decide.pending" : "reimbursements.decide.pendingAll"), a.pendingYen)}
      {row(t("reimbursements.decide.compensated"), a.compensatedYen)}
      {row(t("reimbursements.decide.available"), a.availableYen, true)}
      {extra}
    </dl>
  );
}
