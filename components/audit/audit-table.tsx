"use client";
import type { ColumnDef } from "@tanstack/react-table";
import { PanelRightOpenIcon } from "lucide-react";
import { useState, type ReactNode } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { Button } from "@/components/ui/button";
import { Sheet, SheetContent, SheetDescription, SheetHeader, SheetTitle } from "@/components/ui/sheet";
import { actionLabel } from "@/lib/audit/describe";
import type { AuditItem } from "@/lib/audit/schemas";
import { formatJst } from "@/lib/format";
import { useI18n } from "@/lib/i18n/client";
import { ActorWords, bankName, EntryDiff, SubjectWords } from "./entry-words";

/**
 * The entries, newest first, one 36 px row each, in words: when, what, about what (linked), who;
 * at 1024 px the first three are in view and the table scrolls sideways inside its box for the rest.
 * A row's button opens the entry beside the list: what changed, and where it came from.
 */
export function AuditTable({
  items,
  status,
  error,
  onRetry,
  footer,
  empty,
}: {
  items: AuditItem[];
  status: "pending" | "error" | "success";
  error: unknown;
  onRetry: () => void;
  footer: ReactNode;
  empty: ReactNode;
}) {
  const { t } = useI18n();
  const [shown, setShown] = useState<AuditItem | null>(null);
  const columns: ColumnDef<AuditItem>[] = [
    {
      id: "time",
      header: t("audit.table.time"),
      size: 150,
      enableHiding: false,
      meta: { label: t("audit.table.time"), className: "tabular-nums" },
      cell: ({ row }) => formatJst(row.original.at, { seconds: true }),
    },
    {
      id: "action",
      header: t("audit.table.action"),
      enableHiding: false,
      meta: { label: t("audit.table.action"), className: "max-w-48 truncate" },
      cell: ({ row }) => actionLabel(t, row.original.action),
    },
    {
      id: "entity",
      header: t("audit.table.entity"),
      meta: { label: t("audit.table.entity"), className: "max-w-80" },
      cell: ({ row }) => <SubjectWords e={row.original} />,
    },
    {
      id: "actor",
      header: t("audit.table.actor"),
      meta: { label: t("audit.table.actor"), className: "max-w-60" },
      cell: ({ row }) => <ActorWords e={row.original} />,
    },
    {
      id: "details",
      header: () => <span className="sr-only">{t("audit.table.details")}</span>,
      enableHiding: false,
      meta: { label: t("audit.table.details"), className: "w-0 text-right" },
      cell: ({ row }) => (
        <Button variant="ghost" size="xs" aria-label={t("audit.table.show", { seq: row.original.seq })} aria-haspopup="dialog" onClick={() => setShown(row.original)}>
          <PanelRightOpenIcon aria-hidden />#{row.original.seq}
        </Button>
      ),
    },
  ];
  return (
    <>
      <DataTable
        columns={columns}
        data={items}
        caption={t("audit.table.caption")}
        tableId="audit"
        getRowId={(e) => String(e.seq)}
        pinned={["time"]}
        status={status}
        error={error}
        onRetry={onRetry}
        loadFailed={t("audit.loadFailed")}
        empty={empty}
        footer={footer}
        testId="audit-table"
      />
      <Sheet open={shown !== null} onOpenChange={(open) => (open ? undefined : setShown(null))}>
        <SheetContent className="sm:max-w-xl">{shown ? <EntryDetails e={shown} /> : null}</SheetContent>
      </Sheet>
    </>
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
