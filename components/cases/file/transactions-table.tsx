"use client";
import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { DataTable } from "@/components/data-table/data-table";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { CaseTransaction } from "@/lib/cases/file-schemas";
import { formatCount, formatJst, formatYen } from "@/lib/format";
import { useT } from "@/lib/i18n/client";

export type Mark = (tx: CaseTransaction, fraudulent: boolean) => void;

/** The link's and the wallet's other links' transactions, each with its mark and, for those who work the case, the two mark buttons. */
export function TransactionsTable({
  items,
  total,
  truncated,
  onMark,
  pendingId,
}: {
  items: CaseTransaction[];
  total: number;
  truncated: boolean;
  /** Absent for a reader or a closed case. */
  onMark?: Mark;
  pendingId?: string | null;
}) {
  const t = useT();
  const label = (k: string) => t(`cases.file.transactions.${k}` as never);
  const columns: ColumnDef<CaseTransaction>[] = [
    {
      id: "at",
      header: label("at"),
      enableHiding: false,
      meta: { label: label("at"), className: "whitespace-nowrap tabular-nums", rowHeader: true },
      cell: ({ row }) => formatJst(row.original.occurredAt),
    },
    {
      id: "account",
      header: label("account"),
      meta: { label: label("account"), className: "whitespace-nowrap" },
      cell: ({ row: { original: x } }) => (
        <span className="inline-flex items-center gap-1.5">
          <Link href={`/accounts/${x.linkId}`} className="font-mono text-brand-700 underline-offset-2 hover:underline">
            {x.bankCode} {x.accountNumberMasked}
          </Link>
          {x.ownLink ? null : <Badge variant="info">{label("otherLink")}</Badge>}
        </span>
      ),
    },
    { id: "kind", header: label("kind"), meta: { label: label("kind") }, cell: ({ row }) => t(`cases.file.transactions.kinds.${row.original.kind}`) },
    { id: "amount", header: label("amount"), meta: { label: label("amount"), align: "right", className: "tabular-nums" }, cell: ({ row }) => formatYen(row.original.amountYen) },
    { id: "merchant", header: label("merchant"), meta: { label: label("merchant") }, cell: ({ row }) => row.original.merchantName ?? "—" },
    {
      id: "mark",
      header: label("mark"),
      meta: { label: label("mark") },
      cell: ({ row: { original: x } }) =>
        x.fraudulent === true ? (
          <Badge variant="destructive" data-testid="mark">{label("marks.fraudulent")}</Badge>
        ) : x.fraudulent === false ? (
          <Badge variant="success" data-testid="mark">{label("marks.not_fraudulent")}</Badge>
        ) : (
          <span className="text-xs text-slate-600" data-testid="mark">{label("marks.unmarked")}</span>
        ),
    },
    ...(onMark
      ? [
          {
            id: "actions",
            header: "",
            enableHiding: false,
            meta: { label: label("mark") },
            cell: ({ row: { original: x } }) => {
              const what = { amount: formatYen(x.amountYen), kind: t(`cases.file.transactions.kinds.${x.kind}`), at: formatJst(x.occurredAt) };
              const busy = pendingId === x.id;
              return (
                <span className="flex gap-1">
                  <Button type="button" size="xs" variant={x.fraudulent === true ? "destructive" : "outline"} aria-pressed={x.fraudulent === true} disabled={busy || x.fraudulent === true} aria-label={t("cases.file.transactions.markFraudulentLabel", what)} onClick={() => onMark(x, true)}>
                    {label("markFraudulent")}
                  </Button>
                  <Button type="button" size="xs" variant="outline" aria-pressed={x.fraudulent === false} disabled={busy || x.fraudulent === false} aria-label={t("cases.file.transactions.markNotFraudulentLabel", what)} onClick={() => onMark(x, false)}>
                    {label("markNotFraudulent")}
                  </Button>
                </span>
              );
            },
          } satisfies ColumnDef<CaseTransaction>,
        ]
      : []),
  ];
  return (
    <section aria-labelledby="case-transactions" className="space-y-2">
      <div className="space-y-1">
        <h2 id="case-transactions" className="text-lg font-semibold">
          {label("title")}
        </h2>
        <p className="max-w-4xl text-sm text-slate-700">{label("intro")}</p>
      </div>
      <DataTable
        tableId="case-transactions"
        columns={columns}
        data={items}
        caption={label("caption")}
        getRowId={(x) => x.id}
        rowTestId={(x) => `tx-${x.id}`}
        empty={label("empty")}
        testId="case-transactions"
        maxHeight="max-h-[32rem]"
      />
      {truncated ? <p className="text-sm text-slate-600">{t("cases.file.transactions.truncated", { shown: formatCount(items.length), total: formatCount(total) })}</p> : null}
    </section>
  );
}
