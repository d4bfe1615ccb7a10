"use client";
import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button, buttonVariants } from "@/components/ui/button";
import { DateInput } from "@/components/ui/date-input";
import { FilterField } from "@/components/ui/filter-field";
import { DialogForm, FormDialog } from "@/components/ui/form-dialog";
import { Input } from "@/components/ui/input";
import { LoadFailed } from "@/components/ui/load-failed";
import { Notice } from "@/components/ui/notice";
import { useApiMutation } from "@/hooks/use-api-mutation";
import { ApiError, apiJson, postJson, retryUnlessRefused } from "@/lib/api-client";
import { formatCount, formatYen, jstDay } from "@/lib/format";
import { useT } from "@/lib/i18n/client";
import { fieldErrorText, problemText } from "@/lib/i18n/problem-text";
import type { PayoutBatchView, ReimbursementPage } from "@/lib/reimbursements/schemas";

const DAY_MS = 86_400_000;

/**
 * The carrier's payout batch (reimbursements.pay), loaded when opened: choose among the approved
 * reimbursements, give the victim's own account number where the payee is their linked account (the
 * console keeps only its last four digits; the API checks it against the link), the transfer date,
 * then create the batch: its count and total, and the zengin file to download.
 */
export function BatchDialog({ onClose }: { onClose: () => void }) {
  const t = useT();
  const approved = useQuery({
    queryKey: ["reimbursements", "queue=approved&limit=200"],
    queryFn: () => apiJson<ReimbursementPage>("/api/v1/reimbursements?queue=approved&limit=200"),
    retry: retryUnlessRefused,
  });
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [numbers, setNumbers] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<PayoutBatchView | null>(null);
  // The next Japan day, taken once when the dialog opens.
  const [tomorrow] = useState(() => jstDay(Date.now() + DAY_MS));
  const items = approved.data?.items ?? [];
  const lines = items.filter((r) => chosen.has(r.id));
  const run = useApiMutation({
    mutationFn: (body: unknown) => postJson<PayoutBatchView>("/api/v1/payout-batches", body),
    invalidate: [["reimbursements"], ["payout-batches"]],
    success: (b) => t("reimbursements.batch.created", { count: formatCount(b.lineCount), yen: formatYen(b.totalYen) }),
    errorShownBy: "caller",
    onSuccess: (b) => setCreated(b),
  });
  const problems = run.error instanceof ApiError ? run.error.problems : {};
  const lineProblem = (id: string) => {
    const i = lines.findIndex((l) => l.id === id);
    const p = problems[`lines.${i}.accountNumber`] ?? problems[`lines.${i}.reimbursementId`];
    return i >= 0 && p ? fieldErrorText(t, p) : null;
  };
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const transferDate = String(new FormData(e.currentTarget).get("transferDate") ?? "");
    run.mutate({ transferDate, lines: lines.map((r) => ({ reimbursementId: r.id, ...(r.payee.kind === "linked_account" ? { accountNumber: (numbers[r.id] ?? "").trim() } : {}) })) });
  }
  const total = lines.reduce((s, r) => s + r.amountYen, 0);
  const unplaced = run.isError && !Object.keys(problems).some((k) => /^lines\.\d+\./.test(k)) ? (problems.transferDate ? fieldErrorText(t, problems.transferDate) : problemText(t, run.error)) : null;
  return (
    <FormDialog open onOpenChange={(o) => (o ? undefined : onClose())} wide title={t("reimbursements.batch.title")} description={t("reimbursements.batch.intro")}>
      {created ? (
        <div className="space-y-4 px-5 py-4" data-testid="batch-created">
          <Notice tone="success">{t("reimbursements.batch.created", { count: formatCount(created.lineCount), yen: formatYen(created.totalYen) })}</Notice>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-slate-600">{t("reimbursements.batch.transferDate")}</dt>
            <dd className="tabular-nums">{created.transferDate}</dd>
            <dt className="text-slate-600">{t("reimbursements.batch.count")}</dt>
            <dd className="tabular-nums">{formatCount(created.lineCount)}</dd>
            <dt className="text-slate-600">{t("reimbursements.batch.totalLabel")}</dt>
            <dd className="font-semibold tabular-nums">{formatYen(created.totalYen)}</dd>
          </dl>
          <div className="flex flex-wrap gap-2">
            <a href={`/api/v1/payout-batches/${encodeURIComponent(created.id)}/file`} download className={buttonVariants()}>
              {t("reimbursements.batch.download")}
            </a>
            <Button type="button" variant="outline" onClick={onClose}>
              {t("common.close")}
            </Button>
          </div>
        </div>
      ) : (
        <DialogForm
          onSubmit={onSubmit}
          testId="batch-form"
          footer={
            <>
              <div className="min-w-0 flex-1 text-sm">{unplaced ? <Notice tone="error">{unplaced}</Notice> : null}</div>
              <Button type="button" variant="outline" onClick={onClose} disabled={run.isPending}>
                {t("common.cancel")}
              </Button>
              <Button type="submit" disabled={run.isPending || lines.length === 0} aria-busy={run.isPending || undefined}>
                {run.isPending ? t("reimbursements.propose.working") : t("reimbursements.batch.create")}
              </Button>
            </>
          }
        >
          <FilterField label={t("reimbursements.batch.transferDate")} hint={t("reimbursements.batch.transferDateHint")} error={problems.transferDate ? fieldErrorText(t, problems.transferDate) : null}>
            {(ids) => <DateInput id={ids.id} name="transferDate" defaultValue={tomorrow} aria-describedby={ids.describedBy} className="w-40" />}
          </FilterField>
          {approved.isError ? <LoadFailed message={t("reimbursements.loadFailed")} error={approved.error} onRetry={() => void approved.refetch()} /> : null}
          {approved.data && items.length === 0 ? <p className="text-sm text-slate-700">{t("reimbursements.batch.none")}</p> : null}
          {items.length > 0 ? (
            <table className="w-full text-sm">
              <caption className="sr-only">{t("reimbursements.batch.caption")}</caption>
              <thead>
                <tr className="border-b border-slate-200 text-left">
                  {[t("reimbursements.batch.pay"), t("reimbursements.table.case"), t("reimbursements.table.amount"), t("reimbursements.table.payee"), t("reimbursements.batch.accountNumber")].map((h, i) => (
                    <th key={h} scope="col" className={i === 2 ? "py-1 pr-2 text-right" : "py-1 pr-2"}>
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {items.map((r) => {
                  const err = lineProblem(r.id);
                  const errId = `batch-${r.id}-error`;
                  return (
                    <tr key={r.id} className="border-b border-slate-100 align-top">
                      <td className="py-1.5 pr-2">
                        <input
                          type="checkbox"
                          className="size-4"
                          aria-label={t("reimbursements.batch.choose", { reference: r.caseReference })}
                          checked={chosen.has(r.id)}
                          onChange={(e) => setChosen((s) => { const next = new Set(s); if (e.target.checked) next.add(r.id); else next.delete(r.id); return next; })}
                        />
                      </td>
                      <td className="py-1.5 pr-2 font-mono">{r.caseReference}</td>
                      <td className="py-1.5 pr-2 text-right tabular-nums">{formatYen(r.amountYen)}</td>
                      <td className="py-1.5 pr-2">
                        <span className="font-mono text-xs">
                          {r.payee.bankCode}-{r.payee.branchCode} ****{r.payee.accountLast4}
                        </span>{" "}
                        {r.payee.holderKana}
                      </td>
                      <td className="py-1.5">
                        {r.payee.kind === "linked_account" ? (
                          <>
                            <Input
                              value={numbers[r.id] ?? ""}
                              onChange={(e) => setNumbers((n) => ({ ...n, [r.id]: e.target.value }))}
                              inputMode="numeric"
                              maxLength={7}
                              autoComplete="off"
                              className="w-28 font-mono"
                              aria-label={t("reimbursements.batch.accountNumberFor", { reference: r.caseReference, last4: r.payee.accountLast4 })}
                              aria-invalid={err ? true : undefined}
                              aria-describedby={err ? errId : undefined}
                              disabled={!chosen.has(r.id)}
                            />
                            {err ? (
                              <p id={errId} className="mt-1 text-xs text-destructive">
                                {err}
                              </p>
                            ) : null}
                          </>
                        ) : (
                          <>
                            <span className="text-slate-600">{t("reimbursements.batch.fromProposal")}</span>
                            {err ? <p className="mt-1 text-xs text-destructive">{err}</p> : null}
                          </>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          ) : null}
          <p className="text-sm font-semibold tabular-nums" data-testid="batch-total">
            {t("reimbursements.batch.total", { count: formatCount(lines.length), yen: formatYen(total) })}
          </p>
        </DialogForm>
      )}
    </FormDialog>
  );
}
