"use client";
import { useQuery } from "@tanstack/react-query";
import { Notice } from "@/components/ui/notice";
import { apiJson } from "@/lib/api-client";
import { formatJst, formatYen } from "@/lib/format";
import { useT } from "@/lib/i18n/client";
import type { Arithmetic, ReimbursementView } from "@/lib/reimbursements/schemas";
import { ArithmeticTable } from "./arithmetic";

export type ReimbursementDetail = ReimbursementView & { arithmetic: Arithmetic };

/** GET /api/v1/reimbursements/{id}, under the key every decision invalidates. */
export function useReimbursementDetail(id: string) {
  return useQuery({ queryKey: ["reimbursement", id], queryFn: () => apiJson<ReimbursementDetail>(`/api/v1/reimbursements/${id}`) });
}

/** What is decided: the amount, the payee, the maker, the reason, the approvals so far and the case's arithmetic. */
export function ReimbursementSummary({ item }: { item: ReimbursementView }) {
  const t = useT();
  const detail = useReimbursementDetail(item.id);
  const a = detail.data?.arithmetic;
  const approvals = item.approvals.filter((x) => x.current && x.decision === "approve");
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <dl className="space-y-1 text-sm" data-testid="decide-summary">
        <div>
          <dt className="text-slate-600">{t("reimbursements.decide.amount")}</dt>
          <dd className="text-xl font-bold tabular-nums">{formatYen(item.amountYen)}</dd>
        </div>
        <div>
          <dt className="text-slate-600">{t("reimbursements.decide.payee")}</dt>
          <dd>
            <span className="font-mono">{t("reimbursements.decide.payeeAccount", { bank: item.payee.bankCode, branch: item.payee.branchCode, last4: item.payee.accountLast4, holder: item.payee.holderKana })}</span>
            <br />
            <span className="text-slate-600">{item.payee.kind === "linked_account" ? t("reimbursements.decide.ownAccount") : t("reimbursements.decide.otherAccount", { reason: item.payee.reason ?? "" })}</span>
          </dd>
        </div>
        <div>
          <dt className="text-slate-600">{t("reimbursements.decide.maker")}</dt>
          <dd>
            {item.maker.name} · {formatJst(item.requestedAt)}
          </dd>
        </div>
        <div>
          <dt className="text-slate-600">{t("reimbursements.decide.reason")}</dt>
          <dd className="whitespace-pre-wrap">{item.reason}</dd>
        </div>
        <div>
          <dt className="text-slate-600">{t("reimbursements.decide.approvals")}</dt>
          <dd>
            {approvals.length ? approvals.map((x) => `${x.approver.name} (${formatJst(x.at)})`).join(", ") : t("reimbursements.decide.noApprovals", { needed: item.approvalsNeeded })}
            {item.approvalsNeeded > 1 ? <span className="block text-slate-600">{t("reimbursements.decide.quorum")}</span> : null}
          </dd>
        </div>
      </dl>
      <section aria-label={t("reimbursements.decide.arithmetic")} className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm">
        <h3 className="mb-2 font-semibold">{t("reimbursements.decide.arithmetic")}</h3>
        {a ? (
          <ArithmeticTable a={a} pendingIncludesThis={item.status === "pending"} testId="decide-arithmetic" />
        ) : detail.isError ? (
          <Notice tone="error">{t("reimbursements.decide.detailFailed")}</Notice>
        ) : (
          <p className="text-slate-600">{t("reimbursements.decide.loadingDetail")}</p>
        )}
      </section>
    </div>
  );
}
