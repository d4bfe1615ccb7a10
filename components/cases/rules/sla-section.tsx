"use client";
import { useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { LoadFailed } from "@/components/ui/load-failed";
import { Notice } from "@/components/ui/notice";
import { SectionHeader } from "@/components/ui/section";
import { apiJson } from "@/lib/api-client";
import { CASE_SEVERITIES } from "@/lib/cases/constants";
import { useT } from "@/lib/i18n/client";
import { SLA_QUERY_KEY } from "./text";
import type { SlaResponse } from "./types";

// The form (react-hook-form, the resolver, zod) loads for the carrier's managers only.
const SlaForm = dynamic(() => import("./sla-form").then((m) => m.SlaForm), { ssr: false });

/** The SLA's hours per severity: read by everyone here, set by the carrier's managers; open cases keep their due dates. */
export function SlaSection({ initialData }: { initialData?: SlaResponse }) {
  const t = useT();
  const query = useQuery({ queryKey: SLA_QUERY_KEY, queryFn: () => apiJson<SlaResponse>("/api/v1/cases/sla"), initialData });
  return (
    <section aria-labelledby="sla-title" className="space-y-3 rounded-lg border bg-white p-4">
      <SectionHeader id="sla-title" title={t("cases.sla.title")} intro={t("cases.sla.intro")} />
      <Notice tone="warning">{t("cases.sla.keepDueDates")}</Notice>
      {query.isError ? <LoadFailed message={t("cases.sla.loadFailed")} error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.data ? (
        query.data.canManage ? (
          <SlaForm hours={query.data.hours} />
        ) : (
          <ul className="flex flex-wrap gap-x-6 gap-y-1 text-sm" data-testid="sla-hours">
            {CASE_SEVERITIES.map((s) => (
              <li key={s}>{t("cases.sla.current", { severity: t(`cases.severity.${s}`), hours: query.data.hours[s] })}</li>
            ))}
          </ul>
        )
      ) : null}
    </section>
  );
}
