"use client";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { cell, DataTable } from "@/components/ui/data-table";
import { Notice } from "@/components/ui/notice";
import { AddPanel, ListStates, SectionHeader, ShowMore } from "@/components/ui/section";
import type { ApiKeyPage, ApiKeyView } from "@/lib/api-keys/schemas";
import { formatJst } from "@/lib/format";
import { useT } from "@/lib/i18n/client";
import { apiJson, retryUnlessRefused, sendJson } from "./api";
import { Badge, BadgeList } from "./badge";
import { NewApiKeyForm } from "./new-api-key-form";
import { API_KEYS_QUERY_KEY, scopeLabel } from "./options";
import { failureText } from "./reasons";

const COLUMNS = ["name", "prefix", "scopes", "created", "lastUsed", "status", "actions"] as const;

function keysUrl(cursor: string | undefined): string {
  return `/api/v1/admin/api-keys${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`;
}

/** The organisation's API keys: the table, issuing a key (shown once) and revoking one. */
export function ApiKeysSection({ initialData }: { initialData?: ApiKeyPage }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<ApiKeyView | null>(null);
  const query = useInfiniteQuery({
    queryKey: API_KEYS_QUERY_KEY,
    queryFn: ({ pageParam }) => apiJson<ApiKeyPage>(keysUrl(pageParam)),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    initialData: initialData ? { pages: [initialData], pageParams: [undefined] } : undefined,
    retry: retryUnlessRefused,
  });
  const revoke = useMutation({
    mutationFn: (key: ApiKeyView) => sendJson<ApiKeyView>(`/api/v1/admin/api-keys/${encodeURIComponent(key.id)}/revoke`, "POST"),
    onSuccess: async (key) => {
      await queryClient.invalidateQueries({ queryKey: API_KEYS_QUERY_KEY });
      setStatus(t("admin.apiKeys.revoke.done", { name: key.name }));
      closeRevoke();
    },
  });
  function closeRevoke() {
    revoke.reset();
    setRevoking(null);
  }
  const keys = query.data?.pages.flatMap((p) => p.items) ?? [];
  function startAdding() {
    setAdding(true);
    setStatus(null);
  }

  return (
    <section aria-labelledby="api-keys-title" className="space-y-4">
      <SectionHeader id="api-keys-title" title={t("admin.apiKeys.title")} intro={t("admin.apiKeys.intro")} action={adding ? null : <Button type="button" onClick={startAdding}>{t("admin.apiKeys.new.toggle")}</Button>} />

      {status ? <Notice tone="success">{status}</Notice> : null}

      {adding ? (
        <AddPanel id="new-key-title" title={t("admin.apiKeys.new.title")}>
          <NewApiKeyForm onClose={() => setAdding(false)} onCreated={(name) => setStatus(t("admin.apiKeys.new.created", { name }))} />
        </AddPanel>
      ) : null}

      <ListStates query={query} count={keys.length} loading={t("admin.apiKeys.loading")} loadFailed={t("admin.apiKeys.loadFailed")} empty={t("admin.apiKeys.empty")} />

      {keys.length > 0 ? (
        <DataTable
          caption={t("admin.apiKeys.caption")}
          columns={COLUMNS.map((c) => ({ label: t(`admin.apiKeys.columns.${c}`) }))}
        >
          {keys.map((k) => (
            <tr key={k.id} className={k.revokedAt ? "bg-slate-50 text-slate-600" : undefined} data-testid={`api-key-row-${k.prefix}`}>
              <th scope="row" className="px-3 py-2 text-left align-top font-medium text-slate-900">
                {k.name}
              </th>
              <td className={cell}>
                <code className="font-mono text-xs">{k.prefix}…</code>
              </td>
              <td className={cell}>
                <BadgeList tone="blue" items={k.scopes.map((s) => ({ key: s, label: scopeLabel(t, s) }))} />
              </td>
              <td className={cell}>
                <span className="block whitespace-nowrap tabular-nums">{formatJst(k.createdAt)}</span>
                {k.createdBy ? <span className="block text-xs text-slate-600">{t("admin.apiKeys.createdBy", { name: k.createdBy.displayName })}</span> : null}
              </td>
              <td className={`${cell} whitespace-nowrap tabular-nums`}>{k.lastUsedAt ? formatJst(k.lastUsedAt) : t("admin.apiKeys.neverUsed")}</td>
              <td className={cell}>
                <Badge tone={k.revokedAt ? "red" : "green"}>{k.revokedAt ? t("admin.apiKeys.revoked") : t("admin.apiKeys.active")}</Badge>
                {k.revokedAt ? (
                  <span className="mt-1 block text-xs text-slate-600">
                    {k.revokedBy
                      ? t("admin.apiKeys.revokedBy", { at: formatJst(k.revokedAt), name: k.revokedBy.displayName })
                      : t("admin.apiKeys.revokedAt", { at: formatJst(k.revokedAt) })}
                  </span>
                ) : null}
              </td>
              <td className={cell}>
                {k.revokedAt ? null : (
                  <Button type="button" variant="destructive" className="px-2 py-1 text-xs" onClick={() => setRevoking(k)}>
                    {t("admin.apiKeys.revoke.action")}
                    <span className="sr-only"> ({k.name})</span>
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      ) : null}

      <ShowMore query={query} label={t("admin.showMore")} loadingLabel={t("admin.loadingMore")} />

      <ConfirmDialog
        open={revoking !== null}
        title={t("admin.apiKeys.revoke.title", { name: revoking?.name ?? "" })}
        confirmLabel={t("admin.apiKeys.revoke.confirm")}
        cancelLabel={t("admin.staff.confirm.cancel")}
        closeLabel={t("admin.staff.confirm.close")}
        busyLabel={t("admin.staff.confirm.working")}
        busy={revoke.isPending}
        error={revoke.isError ? <Notice tone="error">{failureText(t, revoke.error)}</Notice> : null}
        onConfirm={() => {
          if (revoking) revoke.mutate(revoking);
        }}
        onClose={closeRevoke}
      >
        <p>{t("admin.apiKeys.revoke.body", { prefix: revoking?.prefix ?? "" })}</p>
      </ConfirmDialog>
    </section>
  );
}
