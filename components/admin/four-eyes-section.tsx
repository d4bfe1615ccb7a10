"use client";
import { useQuery, type QueryKey } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import dynamic from "next/dynamic";
import { useState, type ReactNode } from "react";
import { DataTable, tableStatus } from "@/components/data-table/data-table";
import { Truncated } from "@/components/data-table/truncated";
import { Button } from "@/components/ui/button";
import { SectionHeader } from "@/components/ui/section";
import { formatJst } from "@/lib/format";
import { useI18n } from "@/lib/i18n/client";
import type { MessageKey } from "@/lib/i18n/types";
import { apiJson, retryUnlessRefused } from "./api";
import { Badge } from "./badge";

import type { Decision } from "./four-eyes-decision";

// The confirmation (AlertDialog, the mutation hook and its toasts) loads when a decision is chosen (issue #13 §9).
const FourEyesDecision = dynamic(() => import("./four-eyes-decision").then((m) => m.FourEyesDecision), { ssr: false });

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
 * withdraw theirs; each with a confirmation naming the person (AlertDialog). The server renders
 * the first list; react-query refetches after every decision. An approval that answers a temporary
 * password shows it in the dialog, once. `area` is the messages' namespace (admin.<area>.*).
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
  /** The second column's key under admin.<area>.columns, and what it shows of a request (one line). */
  subjectColumn: string;
  subject: (item: T) => ReactNode;
  /** The area's words for the confirmations (besides name, email and maker). */
  confirmVars: (item: T) => Record<string, string>;
}) {
  const { t, locale } = useI18n();
  const m = (key: string, vars?: Record<string, string | number>) => t(`admin.${area}.${key}` as MessageKey, vars);
  const [deciding, setDeciding] = useState<{ decision: Decision; item: T } | null>(null);
  const query = useQuery({ queryKey, queryFn: () => apiJson<L>(url), initialData, retry: retryUnlessRefused });
  const rows = query.data ? items(query.data) : [];
  const named = (label: string, item: T) => (
    <>
      {label}
      <span className="sr-only"> ({item.displayName})</span>
    </>
  );
  const columns: ColumnDef<T>[] = [
    {
      id: "person",
      header: m("columns.person"),
      size: 200,
      enableHiding: false,
      meta: { label: m("columns.person"), rowHeader: true },
      cell: ({ row: { original: r } }) => <Truncated text={r.displayName} className="max-w-44 font-medium text-slate-900" />,
    },
    { id: "email", header: t("admin.staff.columns.email"), meta: { label: t("admin.staff.columns.email") }, cell: ({ row }) => <Truncated text={row.original.email} className="max-w-56 text-slate-700" /> },
    {
      id: "bank",
      header: t("admin.fourEyes.bank"),
      meta: { label: t("admin.fourEyes.bank") },
      cell: ({ row: { original: r } }) => (r.bankCode ? <Truncated text={`${locale === "ja" ? r.orgNameJa : r.orgNameEn} (${r.bankCode})`} className="max-w-48" /> : "—"),
    },
    { id: "subject", header: m(`columns.${subjectColumn}`), enableHiding: false, meta: { label: m(`columns.${subjectColumn}`) }, cell: ({ row }) => subject(row.original) },
    {
      id: "requested",
      header: m("columns.requested"),
      meta: { label: m("columns.requested") },
      cell: ({ row: { original: r } }) => (
        <span className="flex items-baseline gap-1.5">
          <Truncated text={r.requestedBy.name} className="max-w-36" />
          <span className="text-xs text-slate-600 tabular-nums">{formatJst(r.requestedAt)}</span>
          {r.revision > 1 ? <span className="text-xs text-slate-600">{m("revision", { revision: r.revision })}</span> : null}
        </span>
      ),
    },
    {
      id: "approvers",
      header: m("columns.approvers"),
      meta: { label: m("columns.approvers") },
      cell: ({ row: { original: r } }) => {
        const who = r.approvers.who === "carrier" ? t("admin.fourEyes.approvers.carrier") : t("admin.fourEyes.approvers.organisation");
        const names = r.approvers.names.length ? r.approvers.names.join(locale === "ja" ? "、" : ", ") : t("admin.fourEyes.approvers.nobody");
        return <Truncated text={`${who}: ${names}`} className="max-w-72" />;
      },
    },
    {
      id: "actions",
      header: m("columns.actions"),
      enableHiding: false,
      meta: { label: m("columns.actions") },
      cell: ({ row: { original: r } }) => (
        <span className="flex gap-1">
          {r.viewer.canApprove ? (
            <>
              <Button type="button" size="xs" onClick={() => setDeciding({ decision: "approve", item: r })}>
                {named(t("admin.fourEyes.actions.approve"), r)}
              </Button>
              <Button type="button" size="xs" variant="outline" onClick={() => setDeciding({ decision: "reject", item: r })}>
                {named(t("admin.fourEyes.actions.reject"), r)}
              </Button>
            </>
          ) : r.viewer.approveBlockedBy ? (
            <Badge tone="slate">{t(`admin.fourEyes.blocked.${r.viewer.approveBlockedBy}` as MessageKey)}</Badge>
          ) : null}
          {r.viewer.canCancel ? (
            <Button type="button" size="xs" variant="outline" onClick={() => setDeciding({ decision: "cancel", item: r })}>
              {named(t("admin.fourEyes.actions.cancel"), r)}
            </Button>
          ) : null}
        </span>
      ),
    },
  ];

  return (
    <section aria-labelledby={`${testId.section}-title`} className="space-y-4" data-testid={testId.section}>
      <SectionHeader id={`${testId.section}-title`} title={m("title")} intro={m("intro")} />
      <DataTable
        tableId={`admin-${area}`}
        columns={columns}
        data={rows}
        caption={m("caption")}
        getRowId={(r) => r.id}
        rowTestId={(r) => `${testId.row}-${r.email}`}
        pinned={["person"]}
        status={tableStatus(query)}
        error={query.error}
        onRetry={() => void query.refetch()}
        loadFailed={m("loadFailed")}
        empty={m("empty")}
      />

      {deciding ? (
        <FourEyesDecision
          area={area}
          url={url}
          queryKey={queryKey}
          decision={deciding.decision}
          item={deciding.item}
          body={m(`confirm.${deciding.decision}Body`, { name: deciding.item.displayName, email: deciding.item.email, maker: deciding.item.requestedBy.name, ...confirmVars(deciding.item) })}
          onClose={() => setDeciding(null)}
        />
      ) : null}
    </section>
  );
}
