"use client";
import { LoadFailed } from "@/components/ui/load-failed";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Notice } from "@/components/ui/notice";
import type { ApiKeyPage, ApiKeyView } from "@/lib/api-keys/schemas";
import { formatJst } from "@/lib/format";
import { useT } from "@/lib/i18n/client";
import { apiJson, retryUnlessRefused, sendJson } from "./api";
import { Badge } from "./badge";
import { NewApiKeyForm } from "./new-api-key-form";
import { API_KEYS_QUERY_KEY, scopeLabel } from "./options";
import { failureText } from "./reasons";

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

  return (
    <section aria-labelledby="api-keys-title" className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="max-w-3xl space-y-1">
          <h2 id="api-keys-title" className="text-xl font-semibold">
            {t("admin.apiKeys.title")}
          </h2>
          <p className="text-sm text-slate-700">{t("admin.apiKeys.intro")}</p>
        </div>
        {adding ? null : (
          <Button
            type="button"
            onClick={() => {
              setAdding(true);
              setStatus(null);
            }}
          >
            {t("admin.apiKeys.new.toggle")}
          </Button>
        )}
      </div>

      {status ? <Notice tone="success">{status}</Notice> : null}

      {adding ? (
        <section aria-labelledby="new-key-title" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
          <h3 id="new-key-title" className="font-semibold">
            {t("admin.apiKeys.new.title")}
          </h3>
          <NewApiKeyForm onClose={() => setAdding(false)} onCreated={(name) => setStatus(t("admin.apiKeys.new.created", { name }))} />
        </section>
      ) : null}

      {query.isPending ? <Notice>{t("admin.apiKeys.loading")}</Notice> : null}
      {query.isError ? (
        <LoadFailed message={t("admin.apiKeys.loadFailed")} error={query.error} onRetry={() => void query.refetch()} />
      ) : null}
      {query.isSuccess && keys.length === 0 ? <Notice>{t("admin.apiKeys.empty")}</Notice> : null}

      {keys.length > 0 ? (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">{t("admin.apiKeys.caption")}</caption>
            <thead className="bg-slate-50 text-left text-xs font-semibold text-slate-700">
              <tr>
                <th scope="col" className="px-3 py-2">
                  {t("admin.apiKeys.columns.name")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("admin.apiKeys.columns.prefix")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("admin.apiKeys.columns.scopes")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("admin.apiKeys.columns.created")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("admin.apiKeys.columns.lastUsed")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("admin.apiKeys.columns.status")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("admin.apiKeys.columns.actions")}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {keys.map((k) => (
                <tr key={k.id} className={k.revokedAt ? "bg-slate-50 text-slate-600" : undefined} data-testid={`api-key-row-${k.prefix}`}>
                  <th scope="row" className="px-3 py-2 text-left align-top font-medium text-slate-900">
                    {k.name}
                  </th>
                  <td className="px-3 py-2 align-top">
                    <code className="font-mono text-xs">{k.prefix}…</code>
                  </td>
                  <td className="px-3 py-2 align-top">
                    <ul className="flex flex-wrap gap-1">
                      {k.scopes.map((s) => (
                        <li key={s}>
                          <Badge tone="blue">{scopeLabel(t, s)}</Badge>
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td className="px-3 py-2 align-top">
                    <span className="block whitespace-nowrap tabular-nums">{formatJst(k.createdAt)}</span>
                    {k.createdBy ? <span className="block text-xs text-slate-600">{t("admin.apiKeys.createdBy", { name: k.createdBy.displayName })}</span> : null}
                  </td>
                  <td className="whitespace-nowrap px-3 py-2 align-top tabular-nums">{k.lastUsedAt ? formatJst(k.lastUsedAt) : t("admin.apiKeys.neverUsed")}</td>
                  <td className="px-3 py-2 align-top">
                    <Badge tone={k.revokedAt ? "red" : "green"}>{k.revokedAt ? t("admin.apiKeys.revoked") : t("admin.apiKeys.active")}</Badge>
                    {k.revokedAt ? (
                      <span className="mt-1 block text-xs text-slate-600">
                        {k.revokedBy
                          ? t("admin.apiKeys.revokedBy", { at: formatJst(k.revokedAt), name: k.revokedBy.displayName })
                          : t("admin.apiKeys.revokedAt", { at: formatJst(k.revokedAt) })}
                      </span>
                    ) : null}
                  </td>
                  <td className="px-3 py-2 align-top">
                    {k.revokedAt ? null : (
                      <Button type="button" variant="danger" className="px-2 py-1 text-xs" onClick={() => setRevoking(k)}>
                        {t("admin.apiKeys.revoke.action")}
                        <span className="sr-only"> ({k.name})</span>
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      {query.hasNextPage ? (
        <Button type="button" variant="secondary" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
          {query.isFetchingNextPage ? t("admin.loadingMore") : t("admin.showMore")}
        </Button>
      ) : null}

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
