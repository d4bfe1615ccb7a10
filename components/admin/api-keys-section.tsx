"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { KeyRound } from "lucide-react";
import dynamic from "next/dynamic";
import { useState } from "react";
import { DataTable, tableStatus } from "@/components/data-table/data-table";
import { RowActions } from "@/components/data-table/row-actions";
import { Truncated } from "@/components/data-table/truncated";
import { Button } from "@/components/ui/button";
import { AddPanel, SectionHeader, ShowMore } from "@/components/ui/section";
import type { ApiKeyPage, ApiKeyView } from "@/lib/api-keys/schemas";
import { formatJst } from "@/lib/format";
import { useT } from "@/lib/i18n/client";
import { apiJson, retryUnlessRefused } from "./api";
import { Badge, BadgeList } from "./badge";
import { API_KEYS_QUERY_KEY, scopeLabel } from "./options";

// The form (react-hook-form, the resolver, zod) loads when it opens, not with the page (issue #13 §9).
const NewApiKeyForm = dynamic(() => import("./new-api-key-form").then((m) => m.NewApiKeyForm), { ssr: false });
// The confirmation (AlertDialog, the mutation hook and its toasts) loads when a key's revoke is chosen.
const RevokeKeyDialog = dynamic(() => import("./revoke-key-dialog").then((m) => m.RevokeKeyDialog), { ssr: false });

function keysUrl(cursor: string | undefined): string {
  return `/api/v1/admin/api-keys${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`;
}

/** The organisation's API keys: the table, issuing a key (shown once) and revoking one from its row menu, confirmed. */
export function ApiKeysSection({ initialData }: { initialData?: ApiKeyPage }) {
  const t = useT();
  const [adding, setAdding] = useState(false);
  const [revoking, setRevoking] = useState<ApiKeyView | null>(null);
  const query = useInfiniteQuery({
    queryKey: API_KEYS_QUERY_KEY,
    queryFn: ({ pageParam }) => apiJson<ApiKeyPage>(keysUrl(pageParam)),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    initialData: initialData ? { pages: [initialData], pageParams: [undefined] } : undefined,
    retry: retryUnlessRefused,
  });
  const keys = query.data?.pages.flatMap((p) => p.items) ?? [];
  const col = (key: "name" | "prefix" | "scopes" | "created" | "lastUsed" | "status" | "actions") => t(`admin.apiKeys.columns.${key}`);
  const columns: ColumnDef<ApiKeyView>[] = [
    {
      id: "name",
      header: col("name"),
      size: 220,
      enableHiding: false,
      meta: { label: col("name"), rowHeader: true },
      cell: ({ row }) => <Truncated text={row.original.name} className="max-w-52 font-medium text-slate-900" />,
    },
    { id: "prefix", header: col("prefix"), meta: { label: col("prefix") }, cell: ({ row }) => <code className="font-mono text-xs">{row.original.prefix}…</code> },
    {
      id: "scopes",
      header: col("scopes"),
      meta: { label: col("scopes") },
      cell: ({ row }) => <BadgeList tone="blue" items={row.original.scopes.map((s) => ({ key: s, label: scopeLabel(t, s) }))} />,
    },
    {
      id: "created",
      header: col("created"),
      meta: { label: col("created"), className: "tabular-nums" },
      cell: ({ row: { original: k } }) => (
        <span title={k.createdBy ? t("admin.apiKeys.createdBy", { name: k.createdBy.displayName }) : undefined}>
          {formatJst(k.createdAt)}
          {k.createdBy ? <span className="ml-1.5 text-xs text-slate-600">{t("admin.apiKeys.createdBy", { name: k.createdBy.displayName })}</span> : null}
        </span>
      ),
    },
    {
      id: "lastUsed",
      header: col("lastUsed"),
      meta: { label: col("lastUsed"), className: "tabular-nums" },
      cell: ({ row }) => (row.original.lastUsedAt ? formatJst(row.original.lastUsedAt) : t("admin.apiKeys.neverUsed")),
    },
    {
      id: "status",
      header: col("status"),
      meta: { label: col("status") },
      cell: ({ row: { original: k } }) => (
        <span className="flex items-center gap-1.5">
          <Badge tone={k.revokedAt ? "red" : "green"}>{k.revokedAt ? t("admin.apiKeys.revoked") : t("admin.apiKeys.active")}</Badge>
          {k.revokedAt ? (
            <span className="text-xs text-slate-600">
              {k.revokedBy ? t("admin.apiKeys.revokedBy", { at: formatJst(k.revokedAt), name: k.revokedBy.displayName }) : t("admin.apiKeys.revokedAt", { at: formatJst(k.revokedAt) })}
            </span>
          ) : null}
        </span>
      ),
    },
    {
      id: "actions",
      header: () => <span className="sr-only">{col("actions")}</span>,
      enableHiding: false,
      meta: { label: col("actions"), className: "w-0 text-right" },
      cell: ({ row: { original: k } }) =>
        k.revokedAt ? null : (
          <RowActions
            label={t("admin.apiKeys.menu", { name: k.name })}
            name={k.name}
            actions={[{ key: "revoke", label: t("admin.apiKeys.revoke.action"), icon: <KeyRound aria-hidden />, destructive: true, onSelect: () => setRevoking(k) }]}
          />
        ),
    },
  ];

  return (
    <section aria-labelledby="api-keys-title" className="space-y-4">
      <SectionHeader id="api-keys-title" title={t("admin.apiKeys.title")} intro={t("admin.apiKeys.intro")} action={adding ? null : <Button type="button" onClick={() => setAdding(true)}>{t("admin.apiKeys.new.toggle")}</Button>} />

      {adding ? (
        <AddPanel id="new-key-title" title={t("admin.apiKeys.new.title")}>
          <NewApiKeyForm onClose={() => setAdding(false)} />
        </AddPanel>
      ) : null}

      <DataTable
        tableId="admin-api-keys"
        columns={columns}
        data={keys}
        caption={t("admin.apiKeys.caption")}
        getRowId={(k) => k.id}
        rowTestId={(k) => `api-key-row-${k.prefix}`}
        pinned={["name"]}
        status={tableStatus(query)}
        error={query.error}
        onRetry={() => void query.refetch()}
        loadFailed={t("admin.apiKeys.loadFailed")}
        empty={t("admin.apiKeys.empty")}
        footer={<ShowMore query={query} label={t("admin.showMore")} loadingLabel={t("admin.loadingMore")} />}
      />

      {revoking ? <RevokeKeyDialog apiKey={revoking} onClose={() => setRevoking(null)} /> : null}
    </section>
  );
}
