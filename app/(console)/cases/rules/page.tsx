import { RulesBoard } from "@/components/cases/rules/rules-board";
import { SlaSection } from "@/components/cases/rules/sla-section";
import { requirePermission } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/policy";
import { ClientMessages } from "@/lib/i18n/client-messages";
import { getT } from "@/lib/i18n/server";
import { getSla, listRules } from "@/lib/rules/manage";

/** The detection rules and the SLA: prefetched with the services, then kept by react-query against /api/v1/rules and /api/v1/cases/sla. */
export default async function CaseRulesPage() {
  const actor = await requirePermission("rules.read");
  const t = await getT();
  const [rules, sla] = await Promise.all([listRules(actor), can(actor, "cases.read") ? getSla(actor) : Promise.resolve(undefined)]);
  return (
    <ClientMessages namespaces={["cases"]}>
      <div className="space-y-4">
        <div className="max-w-4xl space-y-1">
          <h1 className="text-2xl font-bold">{t("cases.rules.title")}</h1>
          <p className="text-sm text-slate-700">{t("cases.rules.intro")}</p>
        </div>
        <RulesBoard initialData={rules} carrier={actor.bankId === null} sla={sla ? <SlaSection initialData={sla} /> : null} />
      </div>
    </ClientMessages>
  );
}
