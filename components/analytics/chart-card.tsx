"use client";
import { BarChart3Icon, DownloadIcon, TableIcon } from "lucide-react";
import dynamic from "next/dynamic";
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { useT } from "@/lib/i18n/client";
import { csvOf, type TableSpec } from "./table-spec";

// TanStack Table and the DataTable load when a table is first shown.
const ChartTable = dynamic(() => import("./chart-table").then((m) => m.ChartTable), { ssr: false, loading: () => <Skeleton className="h-40 w-full" /> });

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

/**
 * One chart of the analytics page: its title and what it shows, the chart (or, toggled, the table of
 * the same numbers on the console's DataTable), and the CSV of those numbers. An empty spec shows
 * the empty state instead of an empty chart.
 */
export function ChartCard({ id, title, description, note, spec, tableOnly, children }: { id: string; title: string; description: string; note?: string; spec: TableSpec; tableOnly?: boolean; children?: ReactNode }) {
  const t = useT();
  const [asTable, setAsTable] = useState(Boolean(tableOnly));
  const empty = spec.rows.length === 0;
  return (
    <Card data-testid={`chart-${id}`} aria-labelledby={`chart-${id}-title`} className="min-w-0">
      <CardHeader>
        <CardTitle id={`chart-${id}-title`} className="text-base">
          {title}
        </CardTitle>
        <CardDescription className="text-slate-700">
          {description}
          {note ? <span className="mt-1 block text-xs">{note}</span> : null}
        </CardDescription>
        <CardAction className="flex gap-2">
          {tableOnly ? null : (
            <Button type="button" size="sm" variant="outline" aria-pressed={asTable} onClick={() => setAsTable(!asTable)} disabled={empty}>
              {asTable ? <BarChart3Icon aria-hidden /> : <TableIcon aria-hidden />}
              {asTable ? t("analytics.chart.showChart") : t("analytics.chart.showTable")}
            </Button>
          )}
          <Button type="button" size="sm" variant="outline" disabled={empty} aria-label={t("analytics.chart.csvLabel", { title })} onClick={() => download(`analytics-${id}.csv`, csvOf(spec))}>
            <DownloadIcon aria-hidden />
            {t("analytics.chart.csv")}
          </Button>
        </CardAction>
      </CardHeader>
      <CardContent>
        {empty ? (
          <div className="flex h-40 flex-col items-center justify-center rounded-md border border-dashed text-center text-sm text-slate-700" data-testid="chart-empty">
            <p className="font-medium">{t("analytics.empty")}</p>
            <p>{t("analytics.emptyHint")}</p>
          </div>
        ) : asTable ? (
          <ChartTable id={id} caption={title} spec={spec} />
        ) : (
          children
        )}
      </CardContent>
    </Card>
  );
}
