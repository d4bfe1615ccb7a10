import { IncidentsView } from "@/components/incidents/incidents-view";
import { requirePermission } from "@/lib/auth/page-guard";
import { getT } from "@/lib/i18n/server";
import { listIncidents } from "@/lib/incidents/service";

export async function generateMetadata() {
  const t = await getT();
  return { title: t("incidents.title") };
}

/** The incidents, prefetched with the service, then kept by react-query against /api/v1/incidents. */
export default async function IncidentsPage() {
  const actor = await requirePermission("cases.read");
  const t = await getT();
  const initialData = await listIncidents(actor);
  return (
    <div className="space-y-4">
      <div className="max-w-3xl space-y-1">
        <h1 className="text-2xl font-bold">{t("incidents.title")}</h1>
        <p className="text-slate-700">{t("incidents.intro")}</p>
        <p className="text-sm text-slate-600">{actor.bankId ? t("incidents.scopeBank") : t("incidents.scopeAll")}</p>
      </div>
      <IncidentsView initialData={initialData} />
    </div>
  );
}
