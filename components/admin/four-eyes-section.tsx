"use client";
import { useMutation, useQuery, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { cell, DataTable } from "@/components/ui/data-table";
import { Notice } from "@/components/ui/notice";
import { ListStates, SectionHeader } from "@/components/ui/section";
import { formatJst } from "@/lib/format";
import { useI18n } from "@/lib/i18n/client";
import type { MessageKey } from "@/lib/i18n/types";
import { apiJson, retryUnlessRefused, sendJson } from "./api";
import { Badge } from "./badge";
import { OneTimeSecret } from "./one-time-secret";
import { STAFF_QUERY_KEY } from "./options";
import { failureText } from "./reasons";

type Decision = "approve" | "reject" | "cancel";

/** What every staff request waiting for a second administrator shows (lib/users/schemas.ts). */
export interface StaffRequestRow {
  id: string;
  email: string;
  displayName: string;
  bankCode: string | null;
  orgNameJa: string;
  orgNameEn: string;
  revision: number;
  requestedBy: { name: string };
  requestedAt: string;
  approvers: { who: "organisation" | "carrier"; names: string[] };
  viewer: { canApprove: boolean; approveBlockedBy: string | null; canCancel: boolean };
}

/**
 * A list of staff requests waiting for a second administrator (four-eyes: role grants, password
 * resets): who asked, who may approve, and for those who may, approve and reject; the maker may
 * withdraw theirs; each with a confirmation naming the person. The server renders the first list;
 * react-query refetches after every decision. An approval that answers a temporary password shows
 * it in the dialog, once. `area` is the messages' namespace (admin.<area>.*).
 */
export function FourEyesSection<T extends StaffRequestRow, L>({
  area,
  testId,
  queryKey,
  url,
  initialData,
  items,
  subjectColumn,
  subject,
  confirmVars,
}: {
  area: "grants" | "resets";
  testId: { section: string; row: string };
  queryKey: QueryKey;
  url: string;
  initialData?: L;
  items: (list: L) => T[];
  /** The second column's key under admin.<area>.columns, and what it shows of a request. */
  subjectColumn: string;
  subject: (item: T) => ReactNode;
  /** The area's words for the confirmations (besides name, email and maker). */
  confirmVars: (item: T) => Record<string, string>;
}) {
  const { t, locale } = useI18n();
  const m = (key: string, vars?: Record<string, string | number>) => t(`admin.${area}.${key}` as MessageKey, vars);
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<string | null>(null);
  const [deciding, setDeciding] = useState<{ decision: Decision; item: T } | null>(null);
  const [password, setPassword] = useState<string | null>(null);
  const query = useQuery({ queryKey, queryFn: () => apiJson<L>(url), initialData, retry: retryUnlessRefused });
  const decide = useMutation({
    mutationFn: ({ decision, item }: { decision: Decision; item: T }) =>
      sendJson<object>(`${url}/${encodeURIComponent(item.id)}/${decision}`, "POST", decision === "cancel" ? {} : { revision: item.revision }),
    onSuccess: async (result, { decision, item }) => {
      await Promise.all([queryClient.invalidateQueries({ queryKey }), queryClient.invalidateQueries({ queryKey: STAFF_QUERY_KEY })]);
      setStatus(m(`done.${decision}`, { name: item.displayName }));
      // An approved password reset: the approver hands the temporary password over, shown here once.
      if ("temporaryPassword" in result && typeof result.temporaryPassword === "string") setPassword(result.temporaryPassword);
      else close();
    },
  });
  function close() {
    setPassword(null);
    decide.reset();
    setDeciding(null);
  }
  const rows = query.data ? items(query.data) : [];
  const columns = ["person", subjectColumn, "requested", "approvers", "actions"];
  const named = (label: string, item: T) => (
    <>
      {label}
      <span className="sr-only"> ({item.displayName})</span>
    </>
  );

  return (
    <section aria-labelledby={`${testId.section}-title`} className="space-y-4" data-testid={testId.section}>
      <SectionHeader id={`${testId.section}-title`} title={m("title")} intro={m("intro")} />
      {status ? <Notice tone="success">{status}</Notice> : null}
      <ListStates query={query} count={rows.length} loading={m("loading")} loadFailed={m("loadFailed")} empty={m("empty")} />
      {rows.length > 0 ? (
        <DataTable caption={m("caption")} columns={columns.map((c) => ({ label: m(`columns.${c}`) }))}>
          {rows.map((r) => (
            <tr key={r.id} data-testid={`${testId.row}-${r.email}`}>
              <th scope="row" className="px-3 py-2 text-left align-top font-normal">
                <span className="block font-medium text-slate-900">{r.displayName}</span>
                <span className="block break-all text-xs text-slate-600">{r.email}</span>
                {r.bankCode ? <span className="block text-xs text-slate-600">{`${locale === "ja" ? r.orgNameJa : r.orgNameEn} (${r.bankCode})`}</span> : null}
              </th>
              <td className={cell}>{subject(r)}</td>
              <td className={cell}>
                <span className="block">{r.requestedBy.name}</span>
                <span className="block whitespace-nowrap text-xs tabular-nums text-slate-600">{formatJst(r.requestedAt)}</span>
                {r.revision > 1 ? <span className="block text-xs text-slate-600">{m("revision", { revision: r.revision })}</span> : null}
              </td>
              <td className={cell}>
                <span className="block">{r.approvers.who === "carrier" ? t("admin.fourEyes.approvers.carrier") : t("admin.fourEyes.approvers.organisation")}</span>
                <span className="block text-xs text-slate-600">{r.approvers.names.length ? r.approvers.names.join(locale === "ja" ? "、" : ", ") : t("admin.fourEyes.approvers.nobody")}</span>
              </td>
              <td className={cell}>
                <div className="flex flex-wrap gap-1">
                  {r.viewer.canApprove ? (
                    <>
                      <Button type="button" className="px-2 py-1 text-xs" onClick={() => setDeciding({ decision: "approve", item: r })}>
                        {named(t("admin.fourEyes.actions.approve"), r)}
                      </Button>
                      <Button type="button" variant="destructive" className="px-2 py-1 text-xs" onClick={() => setDeciding({ decision: "reject", item: r })}>
                        {named(t("admin.fourEyes.actions.reject"), r)}
                      </Button>
                    </>
                  ) : r.viewer.approveBlockedBy ? (
                    <Badge tone="slate">{t(`admin.fourEyes.blocked.${r.viewer.approveBlockedBy}` as MessageKey)}</Badge>
                  ) : null}
                  {r.viewer.canCancel ? (
                    <Button type="button" variant="outline" className="px-2 py-1 text-xs" onClick={() => setDeciding({ decision: "cancel", item: r })}>
                      {named(t("admin.fourEyes.actions.cancel"), r)}
                    </Button>
                  ) : null}
                </div>
              </td>
            </tr>
          ))}
        </DataTable>
      ) : null}

      <ConfirmDialog
        open={deciding !== null}
        title={deciding ? m(`confirm.${deciding.decision}Title`, { name: deciding.item.displayName }) : ""}
        confirmLabel={deciding ? m(`confirm.${deciding.decision}`) : ""}
        cancelLabel={t("admin.staff.confirm.cancel")}
        closeLabel={t("admin.staff.confirm.close")}
        busyLabel={t("admin.staff.confirm.working")}
        tone={deciding?.decision === "approve" ? "primary" : "danger"}
        busy={decide.isPending}
        error={decide.isError ? <Notice tone="error">{failureText(t, decide.error)}</Notice> : null}
        done={
          password && deciding ? (
            <OneTimeSecret
              label={t("admin.secret.passwordFor", { name: deciding.item.displayName })}
              value={password}
              warning={t("admin.secret.passwordWarning", { name: deciding.item.displayName })}
            />
          ) : null
        }
        onConfirm={() => {
          if (deciding) decide.mutate(deciding);
        }}
        onClose={close}
      >
        {deciding ? (
          <p>
            {m(`confirm.${deciding.decision}Body`, {
              name: deciding.item.displayName,
              email: deciding.item.email,
              maker: deciding.item.requestedBy.name,
              ...confirmVars(deciding.item),
            })}
          </p>
        ) : null}
      </ConfirmDialog>
    </section>
  );
}
