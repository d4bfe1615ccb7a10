"use client";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { FileTextIcon, PencilIcon } from "lucide-react";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useState, type ReactNode } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { CrumbLabel } from "@/components/shell/crumb";
import { Button, buttonVariants } from "@/components/ui/button";
import { LoadFailed } from "@/components/ui/load-failed";
import { Notice } from "@/components/ui/notice";
import { SectionHeader, ShowMore } from "@/components/ui/section";
import { apiJson, retryUnlessRefused } from "@/lib/api-client";
import type { CaseListItem, CasePage } from "@/lib/cases/schemas";
import { formatCount, formatJst, formatJstDay, formatYen } from "@/lib/format";
import { useI18n } from "@/lib/i18n/client";
import type { IncidentBank, IncidentDetail, TimelineEntry } from "@/lib/incidents/schemas";
import { incidentDescription, incidentTitle } from "@/lib/incidents/title";
import { incidentCasesKey, incidentCasesQuery, incidentKey } from "./keys";
import { StatusBadge } from "./status-badge";

// Forms (react-hook-form, the resolver, zod) load for those who may write, when shown.
const IncidentFormDialog = dynamic(() => import("./incident-form").then((m) => m.IncidentFormDialog), { ssr: false });
const AttachCaseForm = dynamic(() => import("./attach-form").then((m) => m.AttachCaseForm), { ssr: false });

const TIMELINE_SHOWN = 25;

/**
 * One incident: its header and figures in the reader's scope, the banks affected with their control
 * changes since the first fraud, the cases attached (keyset pages of the queue's API), and the
 * timeline. The carrier's investigators and managers edit it and attach cases.
 */
export function IncidentView({ reference, initialData, initialCases, canReport }: { reference: string; initialData?: IncidentDetail; initialCases?: CasePage; canReport: boolean }) {
  const { t, locale } = useI18n();
  const [editing, setEditing] = useState(false);
  const query = useQuery({
    queryKey: incidentKey(reference),
    queryFn: () => apiJson<IncidentDetail>(`/api/v1/incidents/${encodeURIComponent(reference)}`),
    initialData,
    retry: retryUnlessRefused,
  });
  if (query.isPending) return <p className="text-sm text-slate-600">{t("incidents.detail.loading")}</p>;
  if (query.isError) return <LoadFailed message={t("incidents.detail.loadFailed")} error={query.error} onRetry={() => void query.refetch()} />;
  const d = query.data;
  const title = incidentTitle(d.title, locale);
  const f = d.figures;
  return (
    <div className="space-y-6">
      <CrumbLabel path={`/incidents/${reference}`} label={d.reference} />
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div className="max-w-4xl space-y-1">
          <p className="flex items-center gap-2 text-sm text-slate-600">
            <span className="font-mono font-medium text-slate-800" data-testid="incident-reference">
              {d.reference}
            </span>
            <StatusBadge status={d.status} />
            <span>{t("incidents.detail.startedOn", { date: formatJstDay(d.startedAt) })}</span>
          </p>
          <h1 className="text-2xl font-bold break-keep wrap-break-word">{title}</h1>
          {d.description ? <p className="text-sm whitespace-pre-line text-slate-700">{incidentDescription(d.description, locale)}</p> : null}
        </div>
        <div className="flex flex-wrap gap-2">
          {canReport ? (
            <Link href={`/incidents/${encodeURIComponent(d.reference)}/report`} className={buttonVariants({ variant: "outline" })}>
              <FileTextIcon aria-hidden />
              {t("incidents.detail.report")}
            </Link>
          ) : null}
          {d.canManage ? (
            <Button type="button" variant="outline" onClick={() => setEditing(true)} data-testid="incident-edit">
              <PencilIcon aria-hidden />
              {t("incidents.edit.open")}
            </Button>
          ) : null}
        </div>
      </header>
      {d.scope.kind === "bank" ? <Notice>{t("incidents.detail.scopeBank")}</Notice> : null}

      <section aria-labelledby="incident-figures" className="space-y-2">
        <h2 id="incident-figures" className="sr-only">
          {t("incidents.detail.figures")}
        </h2>
        <dl className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6" data-testid="incident-figures">
          <Figure label={t("incidents.detail.cases")} testId="figure-cases">
            {formatCount(f.cases)}
            <Small>
              {t("incidents.detail.confirmedCases")} {formatCount(f.confirmedCases)} · {t("incidents.detail.openCases")} {formatCount(f.openCases)}
            </Small>
          </Figure>
          <Figure label={t("incidents.detail.confirmedLoss")} testId="figure-loss">
            {formatYen(f.confirmedLossYen)}
            {f.lossYen !== f.confirmedLossYen ? (
              <Small>
                {t("incidents.detail.loss")} {formatYen(f.lossYen)}
              </Small>
            ) : null}
          </Figure>
          <Figure label={t("incidents.detail.reimbursed")} testId="figure-reimbursed">
            {formatYen(f.reimbursedYen)}
          </Figure>
          <Figure label={t("incidents.detail.outstanding")} testId="figure-outstanding">
            {formatYen(f.outstandingYen)}
          </Figure>
          {d.banksHit !== null ? (
            <Figure label={t("incidents.detail.banksHit")} testId="figure-banks">
              {formatCount(d.banksHit)}
            </Figure>
          ) : null}
          <Figure label={t("incidents.detail.firstFraud")}>
            <span className="text-base">{f.firstFraudAt ? formatJst(f.firstFraudAt) : t("incidents.detail.none")}</span>
            <Small>
              {t("incidents.detail.lastFraud")} {f.lastFraudAt ? formatJst(f.lastFraudAt) : t("incidents.detail.none")}
            </Small>
          </Figure>
        </dl>
        <p className="text-sm text-slate-700" data-testid="incident-reimbursements">
          <span className="font-medium">{t("incidents.detail.reimbursements")}:</span>{" "}
          {(["proposed", "approved", "paid", "rejected"] as const)
            .map((s) => `${t(`incidents.detail.reimbursementState.${s}`)} ${t("incidents.detail.reimbursementLine", { count: formatCount(d.reimbursements[s].count), yen: formatYen(d.reimbursements[s].yen) })}`)
            .join(" / ")}
        </p>
      </section>

      <BanksSection detail={d} />
      <CasesSection detail={d} reference={reference} initialCases={initialCases} />
      <TimelineSection detail={d} />
      {editing ? <IncidentFormDialog incident={d} onClose={() => setEditing(false)} /> : null}
    </div>
  );
}

function Figure({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="rounded-lg border bg-white px-3 py-2" data-testid={testId}>
      <dt className="text-xs font-medium text-slate-600">{label}</dt>
      <dd className="text-xl font-semibold tabular-nums text-slate-900">{children}</dd>
    </div>
  );
}

function Small({ children }: { children: ReactNode }) {
  return <span className="block text-xs font-normal text-slate-600">{children}</span>;
}

/** Control changes at a bank since the incident's first fraud (or its start, before any fraud is marked). */
function changesOf(d: IncidentDetail, bankCode: string): Extract<TimelineEntry, { kind: "control_change" }>[] {
  const since = d.figures.firstFraudAt ?? d.startedAt;
  return d.timeline.filter((e): e is Extract<TimelineEntry, { kind: "control_change" }> => e.kind === "control_change" && e.bankCode === bankCode && e.at >= since);
}

function BanksSection({ detail: d }: { detail: IncidentDetail }) {
  const { t, locale } = useI18n();
  const c = (k: "bank" | "cases" | "confirmedLoss" | "reimbursed" | "outstanding" | "firstFraud" | "controlChanges") => t(`incidents.detail.${k}`);
  const columns: ColumnDef<IncidentBank>[] = [
    {
      id: "bank",
      header: c("bank"),
      enableHiding: false,
      meta: { label: c("bank"), rowHeader: true, className: "whitespace-nowrap" },
      cell: ({ row: { original: b } }) => (
        <Link href={`/controls/${b.bankCode}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
          {locale === "ja" ? b.nameJa : b.nameEn} ({b.bankCode})
        </Link>
      ),
    },
    { id: "cases", header: c("cases"), meta: { label: c("cases"), align: "right" }, cell: ({ row }) => formatCount(row.original.cases) },
    { id: "confirmedLoss", header: c("confirmedLoss"), meta: { label: c("confirmedLoss"), align: "right" }, cell: ({ row }) => formatYen(row.original.confirmedLossYen) },
    { id: "reimbursed", header: c("reimbursed"), meta: { label: c("reimbursed"), align: "right" }, cell: ({ row }) => formatYen(row.original.reimbursedYen) },
    { id: "outstanding", header: c("outstanding"), meta: { label: c("outstanding"), align: "right" }, cell: ({ row }) => formatYen(row.original.outstandingYen) },
    {
      id: "firstFraud",
      header: c("firstFraud"),
      meta: { label: c("firstFraud"), className: "whitespace-nowrap tabular-nums" },
      cell: ({ row }) => (row.original.firstFraudAt ? formatJst(row.original.firstFraudAt) : t("incidents.detail.none")),
    },
    {
      id: "controlChanges",
      header: c("controlChanges"),
      meta: { label: c("controlChanges"), className: "min-w-72 whitespace-normal py-1" },
      cell: ({ row }) => {
        const changes = changesOf(d, row.original.bankCode);
        if (changes.length === 0) return <span className="text-slate-500">{t("incidents.detail.noControlChanges")}</span>;
        return (
          <ul className="space-y-0.5 text-xs">
            {changes.map((ch) => (
              <li key={`${ch.at}-${ch.control}`}>
                <span className="tabular-nums text-slate-600">{formatJst(ch.at)}</span>{" "}
                <span className="break-keep">{t("incidents.detail.change", { control: t(`controls.control.${ch.control}`), from: t(`controls.state.${ch.fromState}`), to: t(`controls.state.${ch.toState}`) })}</span>
              </li>
            ))}
          </ul>
        );
      },
    },
  ];
  return (
    <section aria-labelledby="incident-banks" className="space-y-3">
      <SectionHeader id="incident-banks" title={t("incidents.detail.banksTitle")} intro={t("incidents.detail.banksIntro")} />
      <DataTable
        tableId="incident-banks"
        columns={columns}
        data={d.banks}
        caption={t("incidents.detail.banksCaption")}
        getRowId={(b) => b.bankCode}
        rowTestId={(b) => `incident-bank-${b.bankCode}`}
        empty={t("incidents.detail.banksEmpty")}
        testId="incident-banks"
        maxHeight="max-h-[32rem]"
      />
    </section>
  );
}

function CasesSection({ detail: d, reference, initialCases }: { detail: IncidentDetail; reference: string; initialCases?: CasePage }) {
  const { t, locale } = useI18n();
  const query = useInfiniteQuery({
    queryKey: incidentCasesKey(reference),
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams(incidentCasesQuery(d.reference));
      if (pageParam) params.set("cursor", pageParam);
      return apiJson<CasePage>(`/api/v1/cases?${params}`, { signal });
    },
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    initialData: initialCases ? { pages: [initialCases], pageParams: [undefined] } : undefined,
    retry: retryUnlessRefused,
  });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  const total = query.data?.pages[0]?.matching?.count ?? items.length;
  const c = (k: "reference" | "bank" | "victim" | "status" | "loss" | "reimbursed" | "outstanding" | "opened") => t(`incidents.detail.caseColumns.${k}`);
  const columns: ColumnDef<CaseListItem>[] = [
    {
      id: "reference",
      header: c("reference"),
      enableHiding: false,
      meta: { label: c("reference"), rowHeader: true, className: "whitespace-nowrap" },
      cell: ({ row }) => (
        <Link href={`/cases/${encodeURIComponent(row.original.reference)}`} className="font-mono font-medium text-brand-700 underline-offset-2 hover:underline">
          {row.original.reference}
        </Link>
      ),
    },
    { id: "bank", header: c("bank"), meta: { label: c("bank"), className: "whitespace-nowrap" }, cell: ({ row: { original: x } }) => `${locale === "ja" ? x.bankNameJa : x.bankNameEn} (${x.bankCode})` },
    { id: "victim", header: c("victim"), meta: { label: c("victim"), className: "whitespace-nowrap" }, cell: ({ row: { original: x } }) => `${x.holderName} · ${x.accountNumberMasked}` },
    {
      id: "status",
      header: c("status"),
      meta: { label: c("status"), className: "whitespace-nowrap" },
      cell: ({ row: { original: x } }) => (x.outcome ? `${t(`cases.status.${x.status}`)} · ${t(`cases.outcome.${x.outcome}`)}` : t(`cases.status.${x.status}`)),
    },
    { id: "loss", header: c("loss"), meta: { label: c("loss"), align: "right" }, cell: ({ row }) => formatYen(row.original.lossYen) },
    { id: "reimbursed", header: c("reimbursed"), meta: { label: c("reimbursed"), align: "right" }, cell: ({ row }) => formatYen(row.original.reimbursedYen) },
    { id: "outstanding", header: c("outstanding"), meta: { label: c("outstanding"), align: "right" }, cell: ({ row }) => formatYen(row.original.outstandingYen) },
    { id: "opened", header: c("opened"), meta: { label: c("opened"), className: "whitespace-nowrap tabular-nums" }, cell: ({ row }) => formatJst(row.original.openedAt) },
  ];
  return (
    <section aria-labelledby="incident-cases" className="space-y-3">
      <SectionHeader id="incident-cases" title={t("incidents.detail.casesTitle")} />
      {d.canManage ? <AttachCaseForm incidentId={d.id} reference={d.reference} /> : null}
      <DataTable
        tableId="incident-cases"
        columns={columns}
        data={items}
        caption={t("incidents.detail.casesCaption")}
        getRowId={(x) => x.id}
        rowHref={(x) => `/cases/${encodeURIComponent(x.reference)}`}
        rowTestId={(x) => `incident-case-${x.reference}`}
        status={query.isPending ? "pending" : query.isError && items.length === 0 ? "error" : "success"}
        error={query.error}
        onRetry={() => void query.refetch()}
        loadFailed={t("incidents.detail.casesLoadFailed")}
        empty={t("incidents.detail.casesEmpty")}
        testId="incident-cases"
        maxHeight="max-h-[36rem]"
        initialVisibility={{ reimbursed: false }}
        footer={
          items.length > 0 ? (
            <div className="flex flex-wrap items-center gap-3 text-sm text-slate-600">
              <span>{t("incidents.detail.showing", { count: formatCount(items.length), total: formatCount(total) })}</span>
              <ShowMore query={query} label={t("incidents.detail.showMore")} loadingLabel={t("incidents.detail.loadingMore")} />
            </div>
          ) : null
        }
      />
    </section>
  );
}

function TimelineSection({ detail: d }: { detail: IncidentDetail }) {
  const { t, locale } = useI18n();
  const [all, setAll] = useState(false);
  const entries = all ? d.timeline : d.timeline.slice(0, TIMELINE_SHOWN);
  const bank = (e: { nameJa: string; nameEn: string; bankCode: string }) => `${locale === "ja" ? e.nameJa : e.nameEn} (${e.bankCode})`;
  const text = (e: TimelineEntry) => {
    switch (e.kind) {
      case "first_fraud":
        return t("incidents.detail.timeline.first_fraud", { bank: bank(e), case: e.caseReference });
      case "control_change":
        return t("incidents.detail.timeline.control_change", { bank: bank(e), control: t(`controls.control.${e.control}`), from: t(`controls.state.${e.fromState}`), to: t(`controls.state.${e.toState}`) });
      case "case_confirmed":
        return t("incidents.detail.timeline.case_confirmed", { bank: bank(e), case: e.caseReference, yen: formatYen(e.confirmedLossYen) });
    }
  };
  return (
    <section aria-labelledby="incident-timeline" className="space-y-3">
      <SectionHeader id="incident-timeline" title={t("incidents.detail.timelineTitle")} />
      {d.timeline.length === 0 ? (
        <p className="text-sm text-slate-600">{t("incidents.detail.timelineEmpty")}</p>
      ) : (
        <ol className="space-y-1 border-l-2 border-slate-200 pl-4 text-sm" data-testid="incident-timeline">
          {entries.map((e, i) => (
            <li key={`${e.kind}-${e.at}-${e.bankCode}-${i}`} className="flex flex-wrap gap-x-3">
              <time dateTime={e.at} className="shrink-0 tabular-nums text-slate-600">
                {formatJst(e.at)}
              </time>
              <span className={e.kind === "control_change" ? "font-medium text-slate-900" : e.kind === "first_fraud" ? "font-medium text-red-800" : "text-slate-800"}>{text(e)}</span>
            </li>
          ))}
        </ol>
      )}
      {d.timeline.length > TIMELINE_SHOWN ? (
        <Button type="button" variant="outline" size="sm" onClick={() => setAll((v) => !v)} aria-expanded={all}>
          {all ? t("incidents.detail.timelineLess") : t("incidents.detail.timelineMore", { count: formatCount(d.timeline.length) })}
        </Button>
      ) : null}
    </section>
  );
}
