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

/**
 * The loosenings waiting for a second person (and approved ones waiting for their time). A
 * manager who may not decide one (their own request, a bank's request for a bank manager) sees
 * the buttons disabled with the reason next to them.
 */
export function PendingRequests({
  requests,
  viewerIsManager,
  onDecide,
  onEdit,
}: {
  requests: RequestView[];
  viewerIsManager: boolean;
  onDecide: (r: RequestView, d: Decision) => void;
  onEdit: (r: RequestView) => void;
}) {
  const { t, locale } = useI18n();
  return (
    <section aria-labelledby="pending-requests-title" className="space-y-2">
      <h2 id="pending-requests-title" className="text-lg font-semibold">
        {t("controls.requests.title")}
      </h2>
      <p className="text-sm text-slate-700">{t("controls.requests.intro")}</p>
      {requests.length === 0 ? (
        <Notice>{t("controls.requests.empty")}</Notice>
      ) : (
        <DataTable
          caption={t("controls.requests.caption")}
          testId="pending-requests"
          columns={COLUMNS.map((c) => ({ label: t(`controls.requests.${c}`) }))}
        >
          {requests.map((r) => {
            const block = r.viewer.approveBlockedBy;
            const showDecide = r.status === "pending" && (r.viewer.canApprove || (viewerIsManager && (block === "own_request" || block === "needs_carrier")));
            const whyId = `why-${r.id}`;
            return (
              <tr key={r.id} className="align-top" data-request-id={r.id}>
                <th scope="row" className="px-3 py-2 text-left font-medium">
                  {bankName(locale, requestBank(r))}
                </th>
                <td className={cell}>
                  <span className="flex flex-wrap items-center gap-1">
                    {controlName(t, r.control)}: <StateBadge state={r.currentState} /> → <StateBadge state={r.toState} />
                  </span>
                </td>
                <td className={`${cell} max-w-xs break-words`}>{r.reason}</td>
                <td className={cell}>
                  {personText(t, r.requestedBy)}
                  <span className="block text-xs text-slate-600">{formatJst(r.requestedAt)}</span>
                </td>
                <td className={cell}>{r.scheduledFor ? formatJst(r.scheduledFor) : t("controls.requests.atApproval")}</td>
                <td className={cell}>
                  {t(`controls.requests.statusName.${r.status}`)}
                  <span className="block text-xs text-slate-600">{t("controls.requests.revision", { revision: r.revision })}</span>
                </td>
                <td className={cell}>
                  <div className="flex flex-wrap gap-2">
                    {showDecide ? (
                      <>
                        <Button type="button" disabled={!r.viewer.canApprove} aria-describedby={block ? whyId : undefined} onClick={() => onDecide(r, "approve")}>
                          {t("controls.requests.approve")}
                        </Button>
                        <Button type="button" variant="outline" disabled={!r.viewer.canApprove} aria-describedby={block ? whyId : undefined} onClick={() => onDecide(r, "reject")}>
                          {t("controls.requests.reject")}
                        </Button>
                      </>
                    ) : null}
                    {r.viewer.canEdit ? (
                      <Button type="button" variant="outline" onClick={() => onEdit(r)}>
                        {t("controls.requests.edit")}
                      </Button>
                    ) : null}
                    {r.viewer.canCancel ? (
                      <Button type="button" variant="ghost" onClick={() => onDecide(r, "cancel")}>
                        {t("controls.requests.cancel")}
                      </Button>
                    ) : null}
                  </div>
                  {showDecide && block ? (
                    <p id={whyId} className="mt-1 text-xs text-slate-700">
                      {t(`controls.requests.blocked.${block}`)}
                    </p>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}
    </section>
  );
}
