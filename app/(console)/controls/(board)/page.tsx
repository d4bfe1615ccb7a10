import { ControlsBoard } from "@/components/controls/controls-board";
import { requirePermission } from "@/lib/auth/page-guard";
import { controlsQuery } from "@/lib/controls/schemas";
import { listControls } from "@/lib/controls/service";
import { getT } from "@/lib/i18n/server";

/** The per-bank switches: prefetched here with the service, then kept fresh by react-query against /api/v1/controls. */
export default async function ControlsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission("controls.read");
  const t = await getT();
  const raw = await searchParams;
  const parsed = controlsQuery.safeParse({
    q: typeof raw.q === "string" ? raw.q : undefined,
    registrations: typeof raw.registrations === "string" ? raw.registrations : undefined,
    charges: typeof raw.charges === "string" ? raw.charges : undefined,
  });
  const initialData = await listControls(actor);
  const heading = (
    <div className="space-y-0.5">
      <h1 className="text-xl font-bold">{t("controls.title")}</h1>
      <p className="max-w-4xl text-xs text-slate-700">
        {t("controls.intro")} {actor.bankId ? t("controls.scopeBank") : t("controls.scopeCarrier")}
      </p>
    </div>
  );
  return <ControlsBoard initialData={initialData} initialFilters={parsed.success ? parsed.data : {}} heading={heading} />;
}
