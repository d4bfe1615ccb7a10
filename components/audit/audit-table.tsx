"use client";
import { Fragment, useState } from "react";
import { Button } from "@/components/ui/button";
import { cell, DataTable } from "@/components/ui/data-table";
import type { AuditItem } from "@/lib/audit/schemas";
import { formatJst } from "@/lib/format";
import { useI18n } from "@/lib/i18n/client";

const COLUMNS = ["time", "actor", "organisation", "action", "entity", "requestId"] as const;

function JsonBlock({ label, regionLabel, value, nothing }: { label: string; regionLabel: string; value: unknown; nothing: string }) {
  const empty = value === null || value === undefined;
  return (
    <div className="min-w-0 flex-1 space-y-1">
      <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-600">{label}</h4>
      {empty ? (
        <p className="text-sm text-slate-600">{nothing}</p>
      ) : (
        // A focusable, named region, so a keyboard can scroll a long document.
        <pre tabIndex={0} role="region" aria-label={regionLabel} className="max-h-80 overflow-auto rounded bg-slate-50 p-2 text-xs leading-5 text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-600">
          {JSON.stringify(value, null, 2)}
        </pre>
      )}
    </div>
  );
}

/** The entries, newest first; a row opens to show its before/after documents, hash and origin. */
export function AuditTable({ items }: { items: AuditItem[] }) {
  const { t, locale } = useI18n();
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const toggle = (seq: number) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(seq)) next.delete(seq);
      else next.add(seq);
      return next;
    });

  return (
    <DataTable
      caption={t("audit.table.caption")}
      columns={[...COLUMNS.map((c) => ({ label: t(`audit.table.${c}`) })), { label: <span className="sr-only">{t("audit.table.details")}</span> }]}
    >
      {items.map((e) => {
        const expanded = open.has(e.seq);
        const detailId = `audit-entry-${e.seq}`;
        const org = locale === "ja" ? e.orgNameJa : e.orgNameEn;
        return (
          <Fragment key={e.seq}>
            <tr className={expanded ? "bg-brand-50" : undefined}>
              <td className={`${cell} tabular whitespace-nowrap`}>{formatJst(e.at, { seconds: true })}</td>
              <td className={`${cell} max-w-56 break-words`}>
                {e.actorLabel}
                {e.actorApiKeyId ? <span className="ml-1 rounded bg-slate-100 px-1 text-xs text-slate-700">{t("audit.table.apiKey")}</span> : null}
              </td>
              <td className={cell}>
                {org ?? "—"}
                {e.bankCode ? <div className="text-xs text-slate-600">{t("audit.table.bank", { code: e.bankCode })}</div> : null}
              </td>
              <td className={`${cell} font-mono text-xs`}>{e.action}</td>
              <td className={`${cell} max-w-56 break-all font-mono text-xs`}>
                {e.entityType}
                {e.entityId ? <div className="text-slate-600">{e.entityId}</div> : null}
              </td>
              <td className={`${cell} max-w-40 break-all font-mono text-xs text-slate-700`}>{e.requestId ?? "—"}</td>
              <td className={cell}>
                <Button
                  type="button"
                  variant="ghost"
                  className="px-2 py-1 text-xs"
                  aria-expanded={expanded}
                  aria-controls={detailId}
                  onClick={() => toggle(e.seq)}
                >
                  {expanded ? t("audit.table.hide", { seq: e.seq }) : t("audit.table.show", { seq: e.seq })}
                </Button>
              </td>
            </tr>
            <tr id={detailId} hidden={!expanded}>
              {expanded ? (
                <td colSpan={7} className="bg-slate-50/50 px-3 py-3">
                  <h3 className="mb-2 text-sm font-semibold">{t("audit.table.detailsOf", { seq: e.seq })}</h3>
                  <div className="flex flex-col gap-3 lg:flex-row">
                    <JsonBlock label={t("audit.table.before")} regionLabel={`${t("audit.table.detailsOf", { seq: e.seq })}: ${t("audit.table.before")}`} value={e.before} nothing={t("audit.table.nothing")} />
                    <JsonBlock label={t("audit.table.after")} regionLabel={`${t("audit.table.detailsOf", { seq: e.seq })}: ${t("audit.table.after")}`} value={e.after} nothing={t("audit.table.nothing")} />
                  </div>
                  <dl className="mt-3 grid gap-x-4 gap-y-1 text-xs sm:grid-cols-[auto_1fr]">
                    <dt className="text-slate-600">{t("audit.table.hash")}</dt>
                    <dd className="break-all font-mono">{e.hash}</dd>
                    <dt className="text-slate-600">{t("audit.table.ip")}</dt>
                    <dd className="font-mono">{e.ip ?? "—"}</dd>
                  </dl>
                </td>
              ) : null}
            </tr>
          </Fragment>
        );
      })}
    </DataTable>
  );
}
