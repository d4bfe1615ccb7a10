"use client";
import { useQuery } from "@tanstack/react-query";
import { LoadFailed } from "@/components/ui/load-failed";
import { apiJson } from "@/lib/api-client";
import { formatJst } from "@/lib/format";
import { useT } from "@/lib/i18n/client";
import type { Situation } from "@/lib/situation/schemas";
import { BankMatrix } from "./bank-matrix";
import { Figures } from "./figures";
import { LatestChanges } from "./latest-changes";
import { WaitingForYou } from "./waiting";

/**
 * The home's body: the server's first answer (lib/situation, the same as GET /api/v1/situation),
 * then kept fresh every 30 seconds. A failed refresh keeps the last figures and says from when.
 */
export function SituationView({ initialData }: { initialData: Situation }) {
  const t = useT();
  const query = useQuery({
    queryKey: ["situation"],
    queryFn: () => apiJson<Situation>("/api/v1/situation"),
    initialData,
    refetchInterval: 30_000,
  });
  const s = query.data;
  return (
    <div className="space-y-4">
      <p className="text-xs text-slate-600" data-testid="home-as-of">
        {t("home.asOf", { time: formatJst(s.generatedAt) })}
      </p>
      {query.isError ? <LoadFailed message={t("home.refreshFailed", { time: formatJst(s.generatedAt) })} error={query.error} onRetry={() => void query.refetch()} /> : null}
      <Figures situation={s} />
      {s.controls ? <BankMatrix banks={s.controls.banks} /> : null}
      <div className="@container">
        <div className="grid items-start gap-4 @4xl:grid-cols-2">
          {s.latestChanges ? <LatestChanges changes={s.latestChanges} /> : null}
          <WaitingForYou waiting={s.waiting} readsCases={s.viewer.readsCases} />
        </div>
      </div>
    </div>
  );
}
