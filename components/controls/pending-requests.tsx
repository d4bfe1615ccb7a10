"use client";
import { Button } from "@/components/ui/button";
import { cell, DataTable } from "@/components/ui/data-table";
import { Notice } from "@/components/ui/notice";
import { formatJst } from "@/lib/format";
import { useI18n } from "@/lib/i18n/client";
import type { Decision } from "./request-forms";
import { StateBadge } from "./state-badge";
import { bankName, controlName, personText, requestBank } from "./text";
import type { RequestView } from "./types";

const COLUMNS = ["bank", "change", "reason", "requestedBy", "schedule", "status", "actions"] as const;

type Handlers = { viewerIsManager: boolean; onDecide: (r: RequestView, d: Decision) => void; onEdit: (r: RequestView) => void };

/**
 * What the viewer may do with one request. A manager who may not decide it (their own request, a
 * bank's request for a bank manager) sees Approve and Reject disabled with the reason next to them.
 */
function RequestActions({ r, viewerIsManager, onDecide, onEdit }: Handlers & { r: RequestView }) {
  const { t } = useI18n();
  const block = r.viewer.approveBlockedBy;
  const showDecide = r.status === "pending" && (r.viewer.canApprove || (viewerIsManager && (block === "own_request" || block === "needs_carrier")));
  const whyId = `why-${r.id}`;
  return (
    <>
      <div className="flex flex-wrap gap-2">
        {showDecide ? (
          <>
            <Button type="button" size="sm" disabled={!r.viewer.canApprove} aria-describedby={block ? whyId : undefined} onClick={() => onDecide(r, "approve")}>
              {t("controls.requests.approve")}
            </Button>
            <Button type="button" size="sm" variant="outline" disabled={!r.viewer.canApprove} aria-describedby={block ? whyId : undefined} onClick={() => onDecide(r, "reject")}>
              {t("controls.requests.reject")}
            </Button>
          </>
        ) : null}
        {r.viewer.canEdit ? (
          <Button type="button" size="sm" variant="outline" onClick={() => onEdit(r)}>
            {t("controls.requests.edit")}
          </Button>
        ) : null}
        {r.viewer.canCancel ? (
          <Button type="button" size="sm" variant="ghost" onClick={() => onDecide(r, "cancel")}>
            {t("controls.requests.cancel")}
          </Button>
        ) : null}
      </div>
      {showDecide && block ? (
        <p id={whyId} className="mt-1 text-xs text-slate-700">
          {t(`controls.requests.blocked.${block}`)}
        </p>
      ) : null}
    </>
  );
}

function Change({ r }: { r: RequestView }) {
  const { t } = useI18n();
  return (
    <span className="flex flex-wrap items-center gap-1">
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
              <Change r={r} />
              <p className="text-slate-800">{r.reason}</p>
              <p className="text-xs text-slate-700">
                {personText(t, r.requestedBy)} · {formatJst(r.requestedAt)} · {t(`controls.requests.statusName.${r.status}`)} ·{" "}
                {r.scheduledFor ? formatJst(r.scheduledFor) : t("controls.requests.atApproval")}
              </p>
              <RequestActions r={r} {...handlers} />
            </li>
          ))}
        </ul>
      ) : (
        <DataTable caption={t("controls.requests.caption")} testId="pending-requests" columns={COLUMNS.map((c) => ({ label: t(`controls.requests.${c}`) }))}>
          {requests.map((r) => (
            <tr key={r.id} className="align-top" data-request-id={r.id}>
              <th scope="row" className="px-3 py-2 text-left font-medium">
                {bankName(locale, requestBank(r))}
              </th>
              <td className={cell}>
                <Change r={r} />
              </td>
              <td className={`${cell} max-w-xs break-words`}>{r.reason}</td>
              <td className={cell}>
                {personText(t, r.requestedBy)}
                <span className="block text-xs text-slate-600">{formatJst(r.requestedAt)}</span>
              </td>
              <td className={cell}>{r.scheduledFor ? formatJst(r.scheduledFor) : t("controls.requests.atApproval")}</td>
              <td className={cell}>
                {t(`controls.requests.statusName.${r.status}`)}
                {r.revision > 1 ? <span className="block text-xs text-slate-600">{t("controls.requests.revision", { revision: r.revision })}</span> : null}
              </td>
              <td className={cell}>
                <RequestActions r={r} {...handlers} />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
