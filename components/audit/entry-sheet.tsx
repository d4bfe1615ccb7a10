"use client";
import { Sheet, SheetContent, SheetDescription, SheetHeader, SheetTitle } from "@/components/ui/sheet";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { auditDiff } from "@/lib/audit/diff";
import { actionLabel, fieldLabel, valueText } from "@/lib/audit/describe";
import type { AuditItem } from "@/lib/audit/schemas";
import { formatJst } from "@/lib/format";
import { useI18n } from "@/lib/i18n/client";
import { bankName, SubjectWords } from "./entry-words";

/** The entry beside the list (AuditTable loads it on the first row button's use): what changed, and where it came from. */
export function EntrySheet({ shown, onClose }: { shown: AuditItem | null; onClose: () => void }) {
  return (
    <Sheet open={shown !== null} onOpenChange={(open) => (open ? undefined : onClose())}>
      <SheetContent className="sm:max-w-xl">{shown ? <EntryDetails e={shown} /> : null}</SheetContent>
    </Sheet>
  );
}

/** One entry in full: what changed, then its origin and the codes an auditor may need to quote. */
function EntryDetails({ e }: { e: AuditItem }) {
  const { t, locale } = useI18n();
  const org = locale === "ja" ? e.orgNameJa : e.orgNameEn;
  const titleId = `audit-entry-${e.seq}-title`;
  return (
    <>
      <SheetHeader>
        {/* Radix names the dialog by its title; the diff table is named by the span inside it. */}
        <SheetTitle>
          <span id={titleId}>
            {t("audit.table.detailsOf", { seq: e.seq })}: {actionLabel(t, e.action)}
          </span>
        </SheetTitle>
        <SheetDescription>
          {formatJst(e.at, { seconds: true })} · {e.actorName ? `${e.actorName} (${e.actorLabel})` : e.actorLabel}
        </SheetDescription>
      </SheetHeader>
      <div className="space-y-4 px-4 pb-4">
        <section className="space-y-1">
          <h3 className="text-sm font-semibold">{t("audit.table.changes")}</h3>
          <div className="text-sm">
            <SubjectWords e={e} />
          </div>
          <EntryDiff e={e} labelledBy={titleId} />
        </section>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-xs">
          <dt className="text-slate-600">{t("audit.table.organisation")}</dt>
          <dd>{org ?? "—"}</dd>
          {e.bank ? (
            <>
              <dt className="text-slate-600">{t("audit.filters.bank")}</dt>
              <dd>{bankName(t, locale, e.bank)}</dd>
            </>
          ) : null}
          <dt className="text-slate-600">{t("audit.table.code")}</dt>
          <dd className="font-mono break-all">
            {e.action} · {e.entityType}
            {e.entityId ? ` · ${e.entityId}` : ""}
          </dd>
          <dt className="text-slate-600">{t("audit.table.requestId")}</dt>
          <dd className="font-mono break-all">{e.requestId ?? "—"}</dd>
          <dt className="text-slate-600">{t("audit.table.ip")}</dt>
          <dd className="font-mono">{e.ip ?? "—"}</dd>
          <dt className="text-slate-600">{t("audit.table.hash")}</dt>
          <dd className="font-mono break-all">{e.hash}</dd>
        </dl>
        {e.before !== null || e.after !== null ? (
          <details className="text-xs">
            <summary className="cursor-pointer text-slate-700">{t("audit.table.raw")}</summary>
            {/* A focusable, named region, so a keyboard can scroll a long document. */}
            <pre
              tabIndex={0}
              role="region"
              aria-label={`${t("audit.table.detailsOf", { seq: e.seq })}: ${t("audit.table.raw")}`}
              className="mt-1 max-h-80 overflow-auto rounded bg-slate-50 p-2 leading-5 text-slate-900 focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:outline-none"
            >
              {JSON.stringify({ before: e.before, after: e.after }, null, 2)}
            </pre>
          </details>
        ) : null}
      </div>
    </>
  );
}

/** Before and after as the fields that changed, labelled, values in words. */
function EntryDiff({ e, labelledBy }: { e: AuditItem; labelledBy: string }) {
  const { t, locale } = useI18n();
  const rows = auditDiff(e.before, e.after);
  if (rows.length === 0) return <p className="text-sm text-slate-600">{t("audit.table.noChanges")}</p>;
  const ctx = { action: e.action, people: e.people };
  const sep = locale === "ja" ? "、" : ", ";
  return (
    <Table className="table-fixed" aria-labelledby={labelledBy} data-testid="audit-diff">
      <TableHeader>
        <TableRow>
          <TableHead className="w-1/3">{t("audit.table.field")}</TableHead>
          <TableHead>{t("audit.table.before")}</TableHead>
          <TableHead>{t("audit.table.after")}</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.field}>
            <TableHead scope="row" className="h-auto py-1.5 align-top whitespace-normal">
              {fieldLabel(t, r.field)}
            </TableHead>
            <TableCell className="py-1.5 align-top whitespace-normal break-words text-slate-600">
              {r.before === undefined ? "—" : <del className="decoration-slate-400">{valueText(t, r.field, r.before, ctx, sep)}</del>}
            </TableCell>
            <TableCell className="py-1.5 align-top whitespace-normal break-words text-slate-900">
              {r.after === undefined ? "—" : <ins className="no-underline">{valueText(t, r.field, r.after, ctx, sep)}</ins>}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
