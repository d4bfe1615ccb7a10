"use client";
import { useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useMemo, useState } from "react";
import { LoadFailed } from "@/components/ui/load-failed";
import { apiJson, retryUnlessRefused } from "@/lib/api-client";
import type { CaseFile, CaseTransaction } from "@/lib/cases/file-schemas";
import type { EvidenceList } from "@/lib/cases/evidence-schemas";
import { formatJst, formatYen } from "@/lib/format";
import { useT } from "@/lib/i18n/client";
import { CaseHeader } from "./case-header";
import { caseKey, caseUrl, CaseWriteContext, useCaseMutation, type Conflict } from "./case-write";
import { RelatedCases } from "./related-cases";
import { Timeline } from "./timeline";
import { TransactionsTable } from "./transactions-table";

// Rendered on the server, their code loaded after the page's (first-load weight, e2e/weight.spec.ts): the
// workflow's buttons and the evidence panel (its upload form).
const CaseActions = dynamic(() => import("./case-actions").then((m) => m.CaseActions));
const EvidencePanel = dynamic(() => import("@/components/cases/evidence-panel").then((m) => m.EvidencePanel));
// The reimbursements (their list, arithmetic and buttons) too; their forms load when opened.
const ReimbursementsSection = dynamic(() => import("./reimbursements-section").then((m) => m.ReimbursementsSection));
// The note's form (the resolver, zod) and the conflict panel load after the page; the actions' dialogs when opened.
const NoteForm = dynamic(() => import("./note-form").then((m) => m.NoteForm), { ssr: false, loading: () => <div className="h-40 rounded-lg border border-slate-200 bg-white" /> });
const ConflictPanel = dynamic(() => import("./conflict-panel").then((m) => m.ConflictPanel), { ssr: false });

export interface CaseViewer {
  /** cases.work: status, assignment, severity, snooze, incident, marks. */
  canWork: boolean;
  /** cases.note: notes and evidence. */
  canNote: boolean;
  /** reimbursements.read: the case's reimbursements section. */
  canReadReimbursements: boolean;
  /** reimbursements.propose: investigators propose, edit and withdraw their own. */
  canPropose: boolean;
  /** reimbursements.compensate, of the victim's bank: records what the bank compensated. */
  canCompensate: boolean;
  userId: string;
}

/** The case file: prefetched by the page, kept by react-query against GET /api/v1/cases/{id}. */
export function CaseFileView({ initialData, initialEvidence, viewer }: { initialData: CaseFile; initialEvidence?: EvidenceList; viewer: CaseViewer }) {
  const t = useT();
  const caseId = initialData.case.id;
  const query = useQuery({ queryKey: caseKey(caseId), queryFn: () => apiJson<CaseFile>(caseUrl(caseId)), initialData, retry: retryUnlessRefused });
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const context = useMemo(() => ({ caseId, onConflict: setConflict }), [caseId]);
  const f = query.data;
  const c = f.case;
  const open = c.status !== "closed";
  return (
    <CaseWriteContext.Provider value={context}>
      <div className="space-y-6">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <div className="space-y-1">
            <Link href="/cases" className="text-sm text-brand-700 underline-offset-2 hover:underline">
              {t("cases.file.back")}
            </Link>
            <h1 className="font-mono text-2xl font-bold" data-testid="case-title">
              {t("cases.file.title", { reference: c.reference })}
            </h1>
          </div>
          <CaseActions file={f} viewer={viewer} />
        </div>
        {query.isError ? <LoadFailed message={t("cases.file.loadFailed")} error={query.error} onRetry={() => void query.refetch()} /> : null}
        {conflict ? <ConflictPanel conflict={conflict} file={f} onDone={() => setConflict(null)} onConflict={setConflict} /> : null}
        <CaseHeader c={c} />
        {viewer.canWork && !open ? <p className="text-sm text-slate-600">{t("cases.file.actions.closedNote")}</p> : null}
        <CaseTransactions file={f} canMark={viewer.canWork && open} />
        {viewer.canReadReimbursements ? <ReimbursementsSection c={c} viewer={viewer} /> : null}
        <div className="grid gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
          <div className="space-y-3">
            {viewer.canNote ? <NoteForm version={c.version} /> : null}
            <Timeline items={f.timeline.items} truncated={f.timeline.truncated} people={f.people} />
          </div>
          <div className="space-y-6">
            <RelatedCases items={f.related.items} truncated={f.related.truncated} />
          </div>
        </div>
        <EvidencePanel caseId={caseId} canUpload={viewer.canNote} initialData={initialEvidence} />
      </div>
    </CaseWriteContext.Provider>
  );
}

function CaseTransactions({ file, canMark }: { file: CaseFile; canMark: boolean }) {
  const t = useT();
  const mark = useCaseMutation<{ transactionId: string; fraudulent: boolean; version: number; label: string }>({
    method: "PUT",
    path: (v) => `/transactions/${encodeURIComponent(v.transactionId)}`,
    body: (v) => ({ fraudulent: v.fraudulent, version: v.version }),
    what: (v) => v.label,
    success: (r) => t("cases.file.transactions.marked", { loss: formatYen(r.lossYen) }),
  });
  const onMark = (x: CaseTransaction, fraudulent: boolean) => {
    const what = { amount: formatYen(x.amountYen), kind: t(`cases.file.transactions.kinds.${x.kind}`), at: formatJst(x.occurredAt) };
    const label = fraudulent ? t("cases.file.transactions.markFraudulentLabel", what) : t("cases.file.transactions.markNotFraudulentLabel", what);
    mark.mutate({ transactionId: x.id, fraudulent, version: file.case.version, label });
  };
  return (
    <TransactionsTable
      items={file.transactions.items}
      total={file.transactions.total}
      truncated={file.transactions.truncated}
      onMark={canMark ? onMark : undefined}
      pendingId={mark.isPending ? (mark.variables?.transactionId ?? null) : null}
    />
  );
}
