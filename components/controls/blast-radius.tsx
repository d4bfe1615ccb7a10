"use client";
import { useQuery } from "@tanstack/react-query";
import { LoadFailed } from "@/components/ui/load-failed";
import { Skeleton } from "@/components/ui/skeleton";
import type { BlastFigures, Control, ControlStateName, Stopped } from "@/lib/controls/schemas";
import { formatCount, formatJst, formatYen } from "@/lib/format";
import { useT } from "@/lib/i18n/client";
import { apiJson } from "./api";
import type { BlastRadius as BankBlast, BulkBlastRadius } from "./types";

type CountYen = { count: number; yen: number };
const minus = (a: CountYen, b: CountYen): CountYen => ({ count: a.count - b.count, yen: a.yen - b.yen });

/** What loosening lets through again: what the current state stops less what the looser one still would. */
function letThrough(f: BlastFigures): Stopped {
  return {
    activeLinks: f.stoppedNow.activeLinks - f.wouldStop.activeLinks,
    linksLast72h: f.stoppedNow.linksLast72h - f.wouldStop.linksLast72h,
    charges24h: minus(f.stoppedNow.charges24h, f.wouldStop.charges24h),
    charges7d: minus(f.stoppedNow.charges7d, f.wouldStop.charges7d),
  };
}

/**
 * The one blast-radius table (one tightening, a bulk one, approving a loosening): the figures of
 * the windows, what the current state stops of them, and what the change does, "would have
 * stopped" for a tightening, "let through again" for a loosening. Only this control's rows have
 * the last two; the others are context.
 */
export function BlastRadiusTable({ figures, control, mode, caption, footnote }: { figures: BlastFigures; control: Control; mode: "tighten" | "loosen"; caption: string; footnote?: string }) {
  const t = useT();
  const cy = (v: CountYen) => t("controls.blast.countYen", { count: formatCount(v.count), yen: formatYen(v.yen) });
  const na = t("controls.blast.notApplicable");
  const charges = control === "charges";
  const change = mode === "tighten" ? figures.wouldStop : letThrough(figures);
  const now = figures.stoppedNow;
  const a = figures.activeLinks;
  const rows: [string, string, string, string][] = [
    [t("controls.blast.activeLinks"), formatCount(a.total), charges ? formatCount(now.activeLinks) : na, charges ? formatCount(change.activeLinks) : na],
    [t("controls.blast.pinOnly"), formatCount(a.pin_only), na, na],
    [t("controls.blast.strong"), formatCount(a.otp + a.identity_document), na, na],
    [t("controls.blast.links72h"), formatCount(figures.linksLast72h.total), charges ? na : formatCount(now.linksLast72h), charges ? na : formatCount(change.linksLast72h)],
    [t("controls.blast.links72hPin"), formatCount(figures.linksLast72h.pin_only), na, na],
    [t("controls.blast.charges24h"), cy(figures.charges.last24h), charges ? cy(now.charges24h) : na, charges ? cy(change.charges24h) : na],
    [t("controls.blast.charges7d"), cy(figures.charges.last7d), charges ? cy(now.charges7d) : na, charges ? cy(change.charges7d) : na],
  ];
  return (
    <div className="space-y-1" data-testid="blast-radius">
      <table className="w-full border-collapse text-sm">
        <caption className="mb-1 text-left text-sm font-medium text-slate-800">{caption}</caption>
        <thead>
          <tr className="border-b border-slate-300 text-left">
            <th scope="col" className="py-1 pr-2 font-medium">
              {t("controls.blast.measure")}
            </th>
            <th scope="col" className="py-1 pr-2 text-right font-medium">
              {t("controls.blast.value")}
            </th>
            <th scope="col" className="py-1 pr-2 text-right font-medium">
              {t("controls.blast.stoppedNow")}
            </th>
            <th scope="col" className="py-1 text-right font-medium">
              {mode === "tighten" ? t("controls.blast.wouldStop") : t("controls.blast.letThrough")}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, value, stopped, changed]) => (
            <tr key={label} className="border-b border-slate-100">
              <th scope="row" className="py-1 pr-2 text-left font-normal">
                {label}
              </th>
              <td className="py-1 pr-2 text-right whitespace-nowrap tabular-nums">{value}</td>
              <td className="py-1 pr-2 text-right whitespace-nowrap tabular-nums">{stopped}</td>
              <td className="py-1 text-right font-semibold whitespace-nowrap tabular-nums">{changed}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {footnote ? <p className="text-xs text-slate-600">{footnote}</p> : null}
    </div>
  );
}

function Pending() {
  const t = useT();
  return (
    <div className="space-y-2" aria-busy="true">
      <p className="text-sm text-slate-700">{t("controls.blast.loading")}</p>
      <Skeleton className="h-40 w-full" />
    </div>
  );
}

/** Whose blast radius: one bank's (`bankCode`), or a bulk tightening's (`bankCodes`: "all" or the ones ticked). */
export type BlastTarget = { bankCode: string } | { bankCodes: "all" | string[] };

/**
 * The one blast radius before a change is sent, computed now: of tightening one bank, of approving
 * one bank's loosening ("loosen"), or of a bulk tightening (the banks it changes, their figures
 * summed). One query, one loading and one failed state, one table.
 */
export function BlastRadius({ target, control, toState, mode }: { target: BlastTarget; control: Control; toState: ControlStateName; mode: "tighten" | "loosen" }) {
  const t = useT();
  const codes = "bankCodes" in target ? (target.bankCodes === "all" ? "all" : target.bankCodes.join(",")) : null;
  const query = useQuery<BankBlast | BulkBlastRadius>({
    queryKey: codes === null ? ["controls", "blast-radius", (target as { bankCode: string }).bankCode, control, toState] : ["controls", "blast-radius", "bulk", codes, control, toState],
    queryFn: () =>
      codes === null
        ? apiJson<BankBlast>(`/api/v1/controls/${(target as { bankCode: string }).bankCode}/blast-radius?control=${control}&toState=${toState}`)
        : apiJson<BulkBlastRadius>(`/api/v1/controls/blast-radius?bankCodes=${codes}&control=${control}&toState=${toState}`),
    staleTime: 0,
    enabled: codes !== "",
  });
  if (codes === "") return null;
  if (query.isPending) return <Pending />;
  if (query.isError) return <LoadFailed message={t("controls.blast.failed")} error={query.error} onRetry={() => void query.refetch()} />;
  const r = query.data;
  const state = t(`controls.state.${toState}`);
  const bulk = "banks" in r ? r.banks : null;
  return (
    <div className="space-y-2">
      {bulk ? (
        <p className="text-sm font-medium" data-testid="bulk-changing">
          {t("controls.bulk.changing", bulk)}
        </p>
      ) : null}
      <BlastRadiusTable
        figures={r}
        control={control}
        mode={mode}
        caption={bulk ? t("controls.bulk.blastCaption", { state, count: bulk.changing }) : mode === "tighten" ? t("controls.blast.caption", { state }) : t("controls.blast.loosenCaption", { state })}
        footnote={t("controls.blast.computedIn", { time: formatJst(r.computedAt, { seconds: true }), ms: r.elapsedMs })}
      />
    </div>
  );
}
