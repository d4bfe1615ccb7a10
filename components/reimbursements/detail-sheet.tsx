"use client";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Sheet, SheetContent, SheetDescription, SheetHeader, SheetTitle } from "@/components/ui/sheet";
import { formatJst, formatYen } from "@/lib/format";
import { useT } from "@/lib/i18n/client";
import type { ReimbursementView } from "@/lib/reimbursements/schemas";
import type { Decision } from "./decide-dialog";
import type { Settlement } from "./settle-dialog";
import { ReimbursementSummary } from "./reimbursement-summary";
import { ReimbursementStatusBadge } from "./status-badge";

/**
 * One reimbursement in a sheet (loaded when opened): what is decided and the case's arithmetic, its
 * history (proposed, each approval or rejection with its revision, void ones marked, decided, sent,
 * paid), a link to its case, and the viewer's decision buttons.
 */
export function DetailSheet({
  item,
  onClose,
  onDecide,
  onSettle,
}: {
  item: ReimbursementView;
  onClose: () => void;
  onDecide: (item: ReimbursementView, decision: Decision) => void;
  onSettle: (item: ReimbursementView, kind: Settlement) => void;
}) {
  const t = useT();
  const history: { at: string; text: string; key: string }[] = [
    { key: "proposed", at: item.requestedAt, text: t("reimbursements.sheet.proposed", { name: item.maker.name, amount: formatYen(item.amountYen) }) },
    ...item.approvals.map((a, i) => ({
      key: `a${i}`,
      at: a.at,
      text: `${t(a.decision === "approve" ? "reimbursements.sheet.approvedBy" : "reimbursements.sheet.rejectedBy", { name: a.approver.name, revision: a.revision })}${a.current ? "" : ` ${t("reimbursements.sheet.void")}`}${a.comment ? ` — ${a.comment}` : ""}`,
    })),
    ...(item.decidedAt && item.status !== "rejected" ? [{ key: "decided", at: item.decidedAt, text: t(`reimbursements.sheet.decided.${item.status === "cancelled" ? "cancelled" : "approved"}`) }] : []),
    ...(item.sentAt ? [{ key: "sent", at: item.sentAt, text: t("reimbursements.sheet.sent") }] : []),
    ...item.payments.map((p) => ({
      key: `p${p.batchId}`,
      at: p.settledAt ?? item.sentAt ?? item.requestedAt,
      text: `${t("reimbursements.settle.payment", { date: p.transferDate, line: p.lineNo, status: t(`reimbursements.settle.paymentStatus.${p.status}`) })}${p.bankReference ? ` — ${p.bankReference}` : ""}${p.returnReason ? ` — ${p.returnReason}` : ""}`,
    })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <Sheet open onOpenChange={(o) => (o ? undefined : onClose())}>
      <SheetContent className="w-full overflow-y-auto sm:max-w-2xl" data-testid="reimbursement-sheet">
        <SheetHeader>
          <SheetTitle className="flex flex-wrap items-center gap-2">
            {t("reimbursements.sheet.title", { reference: item.caseReference })}
            <ReimbursementStatusBadge value={item.status} />
          </SheetTitle>
          <SheetDescription>
            <Link href={`/cases/${item.caseReference}`} className="text-brand-700 underline-offset-2 hover:underline">
              {t("reimbursements.sheet.openCase", { reference: item.caseReference })}
            </Link>
          </SheetDescription>
        </SheetHeader>
        <div className="space-y-5 px-4 pb-6">
          <ReimbursementSummary item={item} />
          <section aria-labelledby="reimbursement-history" className="space-y-2">
            <h3 id="reimbursement-history" className="font-semibold">
              {t("reimbursements.sheet.history")}
            </h3>
            <ol className="space-y-1 border-l border-slate-300 pl-3 text-sm" data-testid="reimbursement-history">
              {history.map((h) => (
                <li key={h.key}>
                  <span className="text-slate-600 tabular-nums">{formatJst(h.at)}</span> {h.text}
                </li>
              ))}
              {item.status === "rejected" && item.decisionNote ? <li>{t("reimbursements.sheet.rejectReason", { reason: item.decisionNote })}</li> : null}
            </ol>
          </section>
          {item.viewer.canSettle && item.payments[0]?.status === "sent" ? (
            <div className="flex flex-wrap gap-2">
              <Button type="button" onClick={() => onSettle(item, "paid")}>
                {t("reimbursements.settle.confirmPaid")}
              </Button>
              <Button type="button" variant="outline" onClick={() => onSettle(item, "returned")}>
                {t("reimbursements.settle.confirmReturned")}
              </Button>
            </div>
          ) : null}
          {item.viewer.canApprove ? (
            <div className="flex flex-wrap gap-2">
              <Button type="button" onClick={() => onDecide(item, "approve")}>
                {t("reimbursements.actions.approve")}
              </Button>
              <Button type="button" variant="outline" onClick={() => onDecide(item, "reject")}>
                {t("reimbursements.actions.reject")}
              </Button>
            </div>
          ) : null}
        </div>
      </SheetContent>
    </Sheet>
  );
}
