"use client";
import Link from "next/link";
import type { ReactNode } from "react";
import type { CaseHeader as Header } from "@/lib/cases/file-schemas";
import { formatJst, formatYen } from "@/lib/format";
import { useI18n } from "@/lib/i18n/client";
import { CaseOutcomeTag, CaseSeverityTag, CaseStatusTag, DueTag } from "../case-tags";

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="min-w-0 space-y-0.5">
      <dt className="text-xs font-medium text-slate-600">{label}</dt>
      <dd className="text-sm text-slate-900" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

function emailParts(email: string): ReactNode {
  const at = email.indexOf("@");
  if (at < 0) return email;
  return (
    <>
      {email.slice(0, at + 1)}
      <wbr />
      {email.slice(at + 1)}
    </>
  );
}

/** The case's header: state, bank, link and wallet, money, assignee and due date. */
export function CaseHeader({ c }: { c: Header }) {
  const { t, locale } = useI18n();
  const h = (k: string) => t(`cases.file.header.${k}` as never);
  const closed = c.status === "closed";
  return (
    <section aria-label={h("label")} className="rounded-lg border border-slate-200 bg-white p-4" data-testid="case-header">
      <dl className="grid grid-cols-2 gap-x-6 gap-y-3 md:grid-cols-4 xl:grid-cols-6">
        <Fact label={h("status")} testId="case-status">
          <CaseStatusTag status={c.status} />
        </Fact>
        <Fact label={h("outcome")} testId="case-outcome">
          <CaseOutcomeTag outcome={c.outcome} />
        </Fact>
        <Fact label={h("severity")} testId="case-severity">
          <CaseSeverityTag severity={c.severity} />
        </Fact>
        <Fact label={h("bank")}>
          {c.bank.code} {locale === "ja" ? c.bank.nameJa : c.bank.nameEn}
        </Fact>
        <Fact label={h("account")}>
          <Link href={`/accounts/${c.link.id}`} className="text-brand-700 underline-offset-2 hover:underline" data-testid="case-link">
            <span className="font-mono whitespace-nowrap">
              {c.link.branchCode} {c.link.accountNumberMasked}
            </span>{" "}
            <span className="whitespace-nowrap">{c.link.holderName}</span>
          </Link>
        </Fact>
        <Fact label={h("wallet")}>
          {/* A long address wraps after its @ (then anywhere if it must), not in the middle of a word first. */}
          <Link href={`/accounts/${c.link.id}#link-wallet`} className="text-brand-700 underline-offset-2 [overflow-wrap:anywhere] hover:underline">
            {emailParts(c.wallet.email)}
          </Link>
        </Fact>
        <Fact label={h("loss")} testId="case-loss">
          <span className="font-semibold tabular-nums" title={h("lossHelp")}>
            {formatYen(c.lossYen)}
          </span>
        </Fact>
        <Fact label={h("reimbursed")} testId="case-reimbursed">
          <span className="tabular-nums">{formatYen(c.reimbursedYen)}</span>
        </Fact>
        <Fact label={h("outstanding")} testId="case-outstanding">
          <span className="tabular-nums">{formatYen(c.outstandingYen)}</span>
        </Fact>
        <Fact label={h("assignee")} testId="case-assignee">
          {c.assignee ? c.assignee.name : <span className="text-slate-600">{h("unassigned")}</span>}
        </Fact>
        <Fact label={h("due")} testId="case-due">
          <span className="flex flex-wrap items-center gap-1.5">
            <span className="tabular-nums">{formatJst(c.dueAt)}</span>
            <DueTag dueAt={c.dueAt} closed={closed} />
          </span>
        </Fact>
        <Fact label={h("incident")} testId="case-incident">
          {c.incident ? (
            <Link href={`/incidents/${c.incident.reference}`} className="text-brand-700 underline-offset-2 hover:underline" title={c.incident.title}>
              <span className="font-mono">{c.incident.reference}</span>
            </Link>
          ) : (
            <span className="text-slate-600">{h("noIncident")}</span>
          )}
        </Fact>
        <Fact label={h("opened")}>
          <span className="tabular-nums">{formatJst(c.openedAt)}</span>
        </Fact>
        {c.closedAt ? (
          <Fact label={h("closedAt")}>
            <span className="tabular-nums">{formatJst(c.closedAt)}</span>
          </Fact>
        ) : null}
        {c.confirmedLossYen > 0 ? (
          <Fact label={h("confirmedLoss")}>
            <span className="tabular-nums">{formatYen(c.confirmedLossYen)}</span>
          </Fact>
        ) : null}
      </dl>
      {c.snoozedUntil ? (
        <p className="mt-3 text-sm text-slate-700" data-testid="case-snoozed">
          {t("cases.file.header.snoozed", { until: formatJst(c.snoozedUntil) })}
        </p>
      ) : null}
    </section>
  );
}
