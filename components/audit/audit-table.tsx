"use client";
import type { ColumnDef } from "@tanstack/react-table";
import { PanelRightOpenIcon } from "lucide-react";
import dynamic from "next/dynamic";
import { useState, type ReactNode } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { Button } from "@/components/ui/button";
import { actionLabel } from "@/lib/audit/describe";
import type { AuditItem } from "@/lib/audit/schemas";
import { formatJst } from "@/lib/format";
import { useI18n } from "@/lib/i18n/client";
import { ActorWords, SubjectWords } from "./entry-words";

// The entry's sheet (Radix's Dialog) loads when a row's button is first pointed at, focused or pressed, not with the page (issue #13 §9).
const loadSheet = () => import("./entry-sheet").then((m) => m.EntrySheet);
const EntrySheet = dynamic(loadSheet, { ssr: false });

/**
 * The entries, newest first, one 36 px row each, in words: when, what, about what (linked), who;
 * at 1024 px the first three are in view and the table scrolls sideways inside its box for the rest.
 * A row's button opens the entry beside the list: what changed, and where it came from.
 */
export function AuditTable({
  items,
  status,
  error,
  onRetry,
  footer,
  empty,
}: {
  items: AuditItem[];
  status: "pending" | "error" | "success";
  error: unknown;
  onRetry: () => void;
  footer: ReactNode;
  empty: ReactNode;
}) {
  const { t } = useI18n();
  const [shown, setShown] = useState<AuditItem | null>(null);
  const [sheetWanted, setSheetWanted] = useState(false);
  const columns: ColumnDef<AuditItem>[] = [
    {
      id: "time",
      header: t("audit.table.time"),
      size: 150,
      enableHiding: false,
      meta: { label: t("audit.table.time"), className: "tabular-nums" },
      cell: ({ row }) => formatJst(row.original.at, { seconds: true }),
    },
    {
      id: "action",
      header: t("audit.table.action"),
      enableHiding: false,
      meta: { label: t("audit.table.action"), className: "max-w-48 truncate" },
      cell: ({ row }) => actionLabel(t, row.original.action),
    },
    {
      id: "entity",
      header: t("audit.table.entity"),
      meta: { label: t("audit.table.entity"), className: "max-w-80" },
      cell: ({ row }) => <SubjectWords e={row.original} />,
    },
    {
      id: "actor",
      header: t("audit.table.actor"),
      meta: { label: t("audit.table.actor"), className: "max-w-60" },
      cell: ({ row }) => <ActorWords e={row.original} />,
    },
    {
      id: "details",
      header: () => <span className="sr-only">{t("audit.table.details")}</span>,
      enableHiding: false,
      meta: { label: t("audit.table.details"), className: "w-0 text-right" },
      cell: ({ row }) => (
        <Button variant="ghost" size="xs" aria-label={t("audit.table.show", { seq: row.original.seq })} aria-haspopup="dialog"
          onPointerEnter={() => void loadSheet()}
          onFocus={() => void loadSheet()}
          onClick={() => {
            setSheetWanted(true);
            setShown(row.original);
          }}
        >
          <PanelRightOpenIcon aria-hidden />#{row.original.seq}
        </Button>
      ),
    },
  ];
  return (
    <>
      <DataTable
        columns={columns}
        data={items}
        caption={t("audit.table.caption")}
        tableId="audit"
        getRowId={(e) => String(e.seq)}
        pinned={["time"]}
        status={status}
        error={error}
        onRetry={onRetry}
        loadFailed={t("audit.loadFailed")}
        empty={empty}
        footer={footer}
        testId="audit-table"
      />
      {sheetWanted ? <EntrySheet shown={shown} onClose={() => setShown(null)} /> : null}
    </>
  );
}
