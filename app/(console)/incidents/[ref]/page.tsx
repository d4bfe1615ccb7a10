import { notFound } from "next/navigation";
import { IncidentView } from "@/components/incidents/incident-view";
import { incidentCasesQuery } from "@/components/incidents/keys";
import { requirePermission } from "@/lib/auth/page-guard";
import { caseListQuery } from "@/lib/cases/schemas";
import { listCases } from "@/lib/cases/list";
import { NotFound } from "@/lib/errors";
import { getT } from "@/lib/i18n/server";
import { getIncident } from "@/lib/incidents/service";

export async function generateMetadata({ params }: { params: Promise<{ ref: string }> }) {
  const t = await getT();
  const { ref } = await params;
  return { title: `${decodeURIComponent(ref).toUpperCase()} · ${t("incidents.title")}` };
}

/** One incident and its first page of cases, prefetched with the services (in the reader's scope), then kept by react-query. */
export default async function IncidentPage({ params }: { params: Promise<{ ref: string }> }) {
  const actor = await requirePermission("cases.read");
  const ref = decodeURIComponent((await params).ref);
  const detail = await getIncident(actor, ref).catch((e: unknown) => {
    if (e instanceof NotFound) notFound();
    throw e;
  });
  const cases = await listCases(actor, caseListQuery.parse(incidentCasesQuery(detail.reference)));
  return <IncidentView reference={detail.reference} initialData={detail} initialCases={cases} canReport />;
}
