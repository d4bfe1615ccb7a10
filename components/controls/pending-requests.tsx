"use client";
import type { ColumnDef } from "@tanstack/react-table";
import { DataTable } from "@/components/data-table/data-table";
import { Truncated } from "@/components/data-table/truncated";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { formatJst } from "@/lib/format";
import { useI18n } from "@/lib/i18n/client";
import type { Decision } from "./request-forms";
import { StateBadge } from "./state-badge";
import { bankName, controlName, personText, requestBank } from "./text";
import type { RequestView } from "./types";

type RequestColumn = "bank" | "change" | "reason" | "requestedBy" | "schedule" | "status" | "actions";

type Handlers = { viewerIsManager: boolean; onDecide: (r: RequestView, d: Decision) => void; onEdit: (r: RequestView) => void };

/**
 * What the viewer may do with one request. A manager who may not decide it (their own request, a
 * bank's request for a bank manager) sees Approve and Reject disabled with the reason next to them.
 */
function RequestActions({ r, compact, viewerIsManager, onDecide, onEdit }: Handlers & { r: RequestView; compact?: boolean }) {
  const { t } = useI18n();
  const block = r.viewer.approveBlockedBy;
  const showDecide = r.status === "pending" && (r.viewer.canApprove || (viewerIsManager && (block === "own_request" || block === "needs_carrier")));
  const whyId = `why-${r.id}`;
  return (
    <div className={compact ? "space-y-1" : "flex items-center gap-2"}>
      <div className="flex flex-wrap gap-2">
        {showDecide ? (
          <>
            <Button type="button" size={compact ? "sm" : "xs"} disabled={!r.viewer.canApprove} aria-describedby={block ? whyId : undefined} onClick={() => onDecide(r, "approve")}>
              {t("controls.requests.approve")}
            </Button>
            <Button type="button" size={compact ? "sm" : "xs"} variant="outline" disabled={!r.viewer.canApprove} aria-describedby={block ? whyId : undefined} onClick={() => onDecide(r, "reject")}>
              {t("controls.requests.reject")}
            </Button>
          </>
        ) : null}
        {r.viewer.canEdit ? (
          <Button type="button" size={compact ? "sm" : "xs"} variant="outline" onClick={() => onEdit(r)}>
            {t("controls.requests.edit")}
          </Button>
        ) : null}
        {r.viewer.canCancel ? (
          <Button type="button" size={compact ? "sm" : "xs"} variant="ghost" onClick={() => onDecide(r, "cancel")}>
            {t("controls.requests.cancel")}
          </Button>
        ) : null}
      </div>
      {showDecide && block ? (
        <p id={whyId} className={compact ? "text-xs text-slate-700" : "max-w-64 truncate text-xs text-slate-700"} title={t(`controls.requests.blocked.${block}`)}>
          {t(`controls.requests.blocked.${block}`)}
        </p>
      ) : null}
    </div>
  );
}

function Change({ r, wrap = false }: { r: RequestView; wrap?: boolean }) {
  const { t } = useI18n();
  return (
    <span className={wrap ? "flex flex-wrap items-center gap-1" : "flex items-center gap-1"}>
      {controlName(t, r.control)}: <StateBadge state={r.currentState} /> → <StateBadge state={r.toState} />
    </span>
  );
}

/**
 * The loosenings waiting for a second person (and approved ones waiting for their time): a table on
 * the board, a list beside a bank's history (`compact`).
 */
export function PendingRequests({ requests, compact, ...handlers }: Handlers & { requests: RequestView[]; compact?: boolean }) {
  const { t, locale } = useI18n();
  const col = (key: RequestColumn) => t(`controls.requests.${key}`);
  const columns: ColumnDef<RequestView>[] = [
    { id: "bank", header: col("bank"), size: 180, enableHiding: false, meta: { label: col("bank"), rowHeader: true }, cell: ({ row }) => <Truncated text={bankName(locale, requestBank(row.original))} className="max-w-40 font-medium" /> },
    { id: "change", header: col("change"), enableHiding: false, meta: { label: col("change") }, cell: ({ row }) => <Change r={row.original} /> },
    { id: "reason", header: col("reason"), meta: { label: col("reason") }, cell: ({ row }) => <Truncated text={row.original.reason} className="max-w-64" /> },
    {
      id: "requestedBy",
      header: col("requestedBy"),
      meta: { label: col("requestedBy") },
      cell: ({ row: { original: r } }) => (
        <span className="flex items-baseline gap-1.5">
          <Truncated text={personText(t, r.requestedBy)} className="max-w-48" />
          <span className="text-xs text-slate-600 tabular-nums">{formatJst(r.requestedAt)}</span>
        </span>
      ),
    },
    { id: "schedule", header: col("schedule"), meta: { label: col("schedule"), className: "tabular-nums" }, cell: ({ row }) => (row.original.scheduledFor ? formatJst(row.original.scheduledFor) : t("controls.requests.atApproval")) },
    {
      id: "status",
      header: col("status"),
      meta: { label: col("status") },
      cell: ({ row: { original: r } }) => (
        <>
          {t(`controls.requests.statusName.${r.status}`)}
          {r.revision > 1 ? <span className="ml-1.5 text-xs text-slate-600">{t("controls.requests.revision", { revision: r.revision })}</span> : null}
        </>
      ),
    },
    { id: "actions", header: col("actions"), enableHiding: false, meta: { label: col("actions") }, cell: ({ row }) => <RequestActions r={row.original} {...handlers} /> },
  ];
  return (
    <section aria-labelledby="pending-requests-title" className="space-y-2">
      <h2 id="pending-requests-title" className="text-lg font-semibold">
        {compact ? t("controls.bank.waitingTitle") : t("controls.requests.title")}
      </h2>
      {compact ? null : <p className="text-sm text-slate-700">{t("controls.requests.intro")}</p>}
      {requests.length === 0 ? (
        <Notice>{t("controls.requests.empty")}</Notice>
      ) : compact ? (
        <ul className="space-y-2" data-testid="pending-requests">
          {requests.map((r) => (
            <li key={r.id} className="space-y-1.5 rounded-md border border-amber-200 bg-amber-50/50 p-3 text-sm" data-request-id={r.id}>
              <Change r={r} wrap />
              <p className="text-slate-800">{r.reason}</p>
              <p className="text-xs text-slate-700">
                {personText(t, r.requestedBy)} · {formatJst(r.requestedAt)} · {t(`controls.requests.statusName.${r.status}`)} ·{" "}
                {r.scheduledFor ? formatJst(r.scheduledFor) : t("controls.requests.atApproval")}
              </p>
              <RequestActions r={r} compact {...handlers} />
            </li>
          ))}
        </ul>
      ) : (
        <DataTable
          tableId="controls-requests"
          columns={columns}
          data={requests}
          caption={t("controls.requests.caption")}
          getRowId={(r) => r.id}
          pinned={["bank"]}
          testId="pending-requests"
          maxHeight="max-h-[32rem]"
        />
      )}
    </section>
  );
}
