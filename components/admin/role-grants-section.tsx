"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { cell, DataTable } from "@/components/ui/data-table";
import { Notice } from "@/components/ui/notice";
import { ListStates, SectionHeader } from "@/components/ui/section";
import { formatJst } from "@/lib/format";
import { useI18n } from "@/lib/i18n/client";
import type { MessageKey } from "@/lib/i18n/types";
import type { RoleGrantList, RoleGrantView } from "@/lib/users/schemas";
import { apiJson, retryUnlessRefused, sendJson } from "./api";
import { Badge, BadgeList } from "./badge";
import { ROLE_GRANTS_QUERY_KEY, roleLabel, STAFF_QUERY_KEY } from "./options";
import { failureText } from "./reasons";

type Decision = "approve" | "reject" | "cancel";

const COLUMNS = ["person", "roles", "requested", "approvers", "actions"] as const;

/**
 * Grants of manager or admin waiting for a second administrator (four-eyes): who asked, who may
 * approve, and for those who may, approve and reject; the maker may withdraw theirs. The server
 * renders the first list; react-query refetches after every decision and every staff change.
 */
export function RoleGrantsSection({ initialData }: { initialData?: RoleGrantList }) {
  const { t, locale } = useI18n();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<string | null>(null);
  const [deciding, setDeciding] = useState<{ decision: Decision; grant: RoleGrantView } | null>(null);
  const query = useQuery({
    queryKey: ROLE_GRANTS_QUERY_KEY,
    queryFn: () => apiJson<RoleGrantList>("/api/v1/admin/role-grants"),
    initialData,
    retry: retryUnlessRefused,
  });
  const decide = useMutation({
    mutationFn: ({ decision, grant }: { decision: Decision; grant: RoleGrantView }) =>
      sendJson<RoleGrantView>(`/api/v1/admin/role-grants/${encodeURIComponent(grant.id)}/${decision}`, "POST", decision === "cancel" ? {} : { revision: grant.revision }),
    onSuccess: async (grant, { decision }) => {
      await Promise.all([queryClient.invalidateQueries({ queryKey: ROLE_GRANTS_QUERY_KEY }), queryClient.invalidateQueries({ queryKey: STAFF_QUERY_KEY })]);
      setStatus(t(`admin.grants.done.${decision}` as MessageKey, { name: grant.displayName }));
      close();
    },
  });
  function close() {
    decide.reset();
    setDeciding(null);
  }
  const grants = query.data?.grants ?? [];
  const roles = (g: RoleGrantView) => g.roles.map((r) => roleLabel(t, r)).join(locale === "ja" ? "・" : ", ");

  return (
    <section aria-labelledby="role-grants-title" className="space-y-4" data-testid="role-grants">
      <SectionHeader id="role-grants-title" title={t("admin.grants.title")} intro={t("admin.grants.intro")} />
      {status ? <Notice tone="success">{status}</Notice> : null}
      <ListStates query={query} count={grants.length} loading={t("admin.grants.loading")} loadFailed={t("admin.grants.loadFailed")} empty={t("admin.grants.empty")} />
      {grants.length > 0 ? (
        <DataTable caption={t("admin.grants.caption")} columns={COLUMNS.map((c) => ({ label: t(`admin.grants.columns.${c}`) }))}>
          {grants.map((g) => (
            <tr key={g.id} data-testid={`role-grant-${g.email}`}>
              <th scope="row" className="px-3 py-2 text-left align-top font-normal">
                <span className="block font-medium text-slate-900">{g.displayName}</span>
                <span className="block break-all text-xs text-slate-600">{g.email}</span>
                {g.bankCode ? <span className="block text-xs text-slate-600">{`${locale === "ja" ? g.orgNameJa : g.orgNameEn} (${g.bankCode})`}</span> : null}
              </th>
              <td className={cell}>
                <BadgeList tone="amber" items={g.roles.map((r) => ({ key: r, label: t("admin.grants.pendingRole", { role: roleLabel(t, r) }) }))} />
                <span className="mt-1 block text-xs text-slate-600">
                  {t("admin.grants.now", { roles: g.currentRoles.length ? g.currentRoles.map((r) => roleLabel(t, r)).join(locale === "ja" ? "・" : ", ") : t("admin.grants.noRoles") })}
                </span>
              </td>
              <td className={cell}>
                <span className="block">{g.requestedBy.name}</span>
                <span className="block whitespace-nowrap text-xs tabular-nums text-slate-600">{formatJst(g.requestedAt)}</span>
                {g.revision > 1 ? <span className="block text-xs text-slate-600">{t("admin.grants.revision", { revision: g.revision })}</span> : null}
              </td>
              <td className={cell}>
                <span className="block">{g.approvers.who === "carrier" ? t("admin.grants.approvers.carrier") : t("admin.grants.approvers.organisation")}</span>
                <span className="block text-xs text-slate-600">{g.approvers.names.length ? g.approvers.names.join(locale === "ja" ? "、" : ", ") : t("admin.grants.approvers.nobody")}</span>
              </td>
              <td className={cell}>
                <div className="flex flex-wrap gap-1">
                  {g.viewer.canApprove ? (
                    <>
                      <Button type="button" className="px-2 py-1 text-xs" onClick={() => setDeciding({ decision: "approve", grant: g })}>
                        {t("admin.grants.actions.approve")}
                        <span className="sr-only"> ({g.displayName})</span>
                      </Button>
                      <Button type="button" variant="destructive" className="px-2 py-1 text-xs" onClick={() => setDeciding({ decision: "reject", grant: g })}>
                        {t("admin.grants.actions.reject")}
                        <span className="sr-only"> ({g.displayName})</span>
                      </Button>
                    </>
                  ) : g.viewer.approveBlockedBy ? (
                    <Badge tone="slate">{t(`admin.grants.blocked.${g.viewer.approveBlockedBy}` as MessageKey)}</Badge>
                  ) : null}
                  {g.viewer.canCancel ? (
                    <Button type="button" variant="outline" className="px-2 py-1 text-xs" onClick={() => setDeciding({ decision: "cancel", grant: g })}>
                      {t("admin.grants.actions.cancel")}
                      <span className="sr-only"> ({g.displayName})</span>
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
        title={deciding ? t(`admin.grants.confirm.${deciding.decision}Title` as MessageKey, { name: deciding.grant.displayName }) : ""}
        confirmLabel={deciding ? t(`admin.grants.confirm.${deciding.decision}` as MessageKey) : ""}
        cancelLabel={t("admin.staff.confirm.cancel")}
        closeLabel={t("admin.staff.confirm.close")}
        busyLabel={t("admin.staff.confirm.working")}
        tone={deciding?.decision === "approve" ? "primary" : "danger"}
        busy={decide.isPending}
        error={decide.isError ? <Notice tone="error">{failureText(t, decide.error)}</Notice> : null}
        onConfirm={() => {
          if (deciding) decide.mutate(deciding);
        }}
        onClose={close}
      >
        {deciding ? (
          <p>
            {t(`admin.grants.confirm.${deciding.decision}Body` as MessageKey, {
              name: deciding.grant.displayName,
              email: deciding.grant.email,
              roles: roles(deciding.grant),
              maker: deciding.grant.requestedBy.name,
            })}
          </p>
        ) : null}
      </ConfirmDialog>
    </section>
  );
}
