"use client";
import { useQuery } from "@tanstack/react-query";
import { CheckCircle2 } from "lucide-react";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { LoadFailed } from "@/components/ui/load-failed";
import { Notice } from "@/components/ui/notice";
import { ArithmeticTable } from "@/components/reimbursements/arithmetic";
import { ReimbursementStatusBadge } from "@/components/reimbursements/status-badge";
import { apiJson, retryUnlessRefused } from "@/lib/api-client";
import type { CaseHeader } from "@/lib/cases/file-schemas";
import { formatJst, formatYen } from "@/lib/format";
import { useT } from "@/lib/i18n/client";
import type { ReimbursementPage, ReimbursementView } from "@/lib/reimbursements/schemas";
import type { CaseViewer } from "./case-file-view";

// The forms (react-hook-form, the resolver, zod, the Dialog) and the confirmation load when opened.
const ProposalDialog = dynamic(() => import("@/components/reimbursements/proposal-dialog").then((m) => m.ProposalDialog), { ssr: false });
const CompensationDialog = dynamic(() => import("@/components/reimbursements/proposal-dialog").then((m) => m.CompensationDialog), { ssr: false });
const WithdrawConfirm = dynamic(() => import("@/components/reimbursements/proposal-dialog").then((m) => m.WithdrawConfirm), { ssr: false });

/** The list of one case's reimbursements and its arithmetic: under ["reimbursements", …], so every reimbursement change refreshes it. */
export const caseReimbursementsKey = (caseId: string) => ["reimbursements", "case", caseId] as const;

type Open = { kind: "propose" } | { kind: "compensate" } | { kind: "edit"; item: ReimbursementView } | { kind: "withdraw"; item: ReimbursementView };

/**
 * The case file's reimbursements: the case's pending and past reimbursements (status, amount, maker,
 * approvals so far, payee masked), the case's arithmetic, "fully reimbursed" when nothing is
 * outstanding; proposing (investigators, on a case closed as confirmed fraud), the maker's edit and
 * withdraw of a pending one, and the victim's bank's managers' record of what the bank compensated.
 */
export function ReimbursementsSection({ c, viewer }: { c: CaseHeader; viewer: CaseViewer }) {
  const t = useT();
  const [open, setOpen] = useState<Open | null>(null);
  const query = useQuery({
    queryKey: caseReimbursementsKey(c.id),
    queryFn: () => apiJson<ReimbursementPage>(`/api/v1/reimbursements?caseId=${encodeURIComponent(c.id)}&limit=50`),
    retry: retryUnlessRefused,
  });
  const confirmed = c.status === "closed" && c.outcome === "confirmed_fraud";
  const items = query.data?.items ?? [];
  const a = query.data?.arithmetic;
  const pending = items.find((r) => r.status === "pending");
  const fully = confirmed && c.confirmedLossYen > 0 && c.outstandingYen === 0;
  const canPropose = viewer.canPropose && confirmed && !pending && (a?.availableYen ?? 0) > 0;
  const canCompensate = viewer.canCompensate && confirmed && (a?.availableYen ?? 0) > 0;
  return (
    <section aria-labelledby="case-reimbursements" className="space-y-3" data-testid="case-reimbursements">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="max-w-3xl space-y-1">
          <h2 id="case-reimbursements" className="text-lg font-semibold">
            {t("reimbursements.caseFile.title")}
          </h2>
          <p className="text-sm text-slate-700">{t("reimbursements.caseFile.intro")}</p>
        </div>
        <div className="flex flex-wrap gap-2">
          {canPropose ? (
            <Button type="button" onClick={() => setOpen({ kind: "propose" })}>
              {t("reimbursements.caseFile.propose")}
            </Button>
          ) : null}
          {canCompensate ? (
            <Button type="button" variant="outline" onClick={() => setOpen({ kind: "compensate" })}>
              {t("reimbursements.caseFile.compensate")}
            </Button>
          ) : null}
          <Link href="/reimbursements" className="self-center text-sm text-brand-700 underline-offset-2 hover:underline">
            {t("reimbursements.caseFile.open")}
          </Link>
        </div>
      </div>
      {fully ? (
        <p className="flex items-center gap-2 rounded-md border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm font-semibold text-emerald-900" data-testid="fully-reimbursed">
          <CheckCircle2 aria-hidden className="size-4" />
          {t("reimbursements.caseFile.fully")}
        </p>
      ) : confirmed ? (
        <p className="text-sm font-semibold tabular-nums" data-testid="case-outstanding">
          {t("reimbursements.caseFile.outstanding", { yen: formatYen(c.outstandingYen) })}
        </p>
      ) : (
        <Notice>{t("reimbursements.caseFile.notConfirmed")}</Notice>
      )}
      {query.isError ? <LoadFailed message={t("reimbursements.caseFile.loadFailed")} error={query.error} onRetry={() => void query.refetch()} /> : null}
      <div className="grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="space-y-2">
          {query.data && items.length === 0 ? <p className="text-sm text-slate-700">{t("reimbursements.caseFile.empty")}</p> : null}
          {items.length > 0 ? (
            <ul className="divide-y divide-slate-200 rounded-md border border-slate-200 bg-white" aria-label={t("reimbursements.caseFile.listLabel")}>
              {items.map((r) => (
                <ReimbursementItem key={r.id} r={r} onEdit={() => setOpen({ kind: "edit", item: r })} onWithdraw={() => setOpen({ kind: "withdraw", item: r })} />
              ))}
            </ul>
          ) : null}
          {viewer.canPropose && confirmed && pending ? <p className="text-sm text-slate-700">{t("reimbursements.caseFile.pendingExists")}</p> : null}
          {viewer.canPropose && confirmed && !pending && a && a.availableYen === 0 ? <p className="text-sm text-slate-700">{t("reimbursements.caseFile.nothingAvailable")}</p> : null}
        </div>
        {a && confirmed ? (
          <div className="h-fit rounded-md border border-slate-200 bg-slate-50 p-3">
            <h3 className="mb-2 text-sm font-semibold">{t("reimbursements.decide.arithmetic")}</h3>
            <ArithmeticTable a={a} testId="case-arithmetic" />
          </div>
        ) : null}
      </div>
      {open?.kind === "propose" && a ? <ProposalDialog c={c} arithmetic={a} onClose={() => setOpen(null)} /> : null}
      {open?.kind === "edit" && a ? <ProposalDialog c={c} arithmetic={a} editing={open.item} onClose={() => setOpen(null)} /> : null}
      {open?.kind === "withdraw" ? <WithdrawConfirm c={c} item={open.item} onClose={() => setOpen(null)} /> : null}
      {open?.kind === "compensate" && a ? <CompensationDialog c={c} arithmetic={a} onClose={() => setOpen(null)} /> : null}
    </section>
  );
}

function ReimbursementItem({ r, onEdit, onWithdraw }: { r: ReimbursementView; onEdit: () => void; onWithdraw: () => void }) {
  const t = useT();
  const approvals = r.approvals.filter((x) => x.current && x.decision === "approve");
  const amount = formatYen(r.amountYen);
  return (
    <li className="flex flex-wrap items-start justify-between gap-3 px-3 py-2 text-sm" data-testid="case-reimbursement" data-status={r.status}>
      <div className="min-w-0 space-y-0.5">
        <p className="flex flex-wrap items-center gap-2">
          <ReimbursementStatusBadge value={r.status} />
          <span className="font-semibold tabular-nums">{amount}</span>
          <span className="font-mono text-xs">{t("reimbursements.caseFile.payee", { account: `${r.payee.bankCode}-${r.payee.branchCode} ****${r.payee.accountLast4} ${r.payee.holderKana}` })}</span>
        </p>
        <p className="text-slate-700">{t("reimbursements.caseFile.by", { name: r.maker.name, at: formatJst(r.requestedAt) })}</p>
        <p className="text-slate-700">
          {t("reimbursements.caseFile.approvalsOf", { count: approvals.length, needed: r.approvalsNeeded })}
          {approvals.length ? ` · ${t("reimbursements.caseFile.approvedBy", { names: approvals.map((x) => x.approver.name).join(", ") })}` : null}
        </p>
        {r.decisionNote && r.status === "rejected" ? <p className="text-slate-700">{r.decisionNote}</p> : null}
      </div>
      {r.viewer.canEdit || r.viewer.canWithdraw ? (
        <div className="flex gap-2">
          {r.viewer.canEdit ? (
            <Button type="button" size="sm" variant="outline" onClick={onEdit} aria-label={t("reimbursements.caseFile.editLabel", { amount })}>
              {t("reimbursements.caseFile.edit")}
            </Button>
          ) : null}
          {r.viewer.canWithdraw ? (
            <Button type="button" size="sm" variant="outline" onClick={onWithdraw} aria-label={t("reimbursements.caseFile.withdrawLabel", { amount })}>
              {t("reimbursements.caseFile.withdraw")}
            </Button>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}
