import { can } from "@/lib/auth/policy";
import { AuditView } from "@/components/audit/audit-view";
import { pickSearch } from "@/components/audit/search";
import { auditBankChoices, listAudit } from "@/lib/audit/query";
import { auditListQuery, type AuditPage } from "@/lib/audit/schemas";
import { requirePermission } from "@/lib/auth/page-guard";
import { AppError } from "@/lib/errors";
import { getT } from "@/lib/i18n/server";

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission("audit.read");
  const t = await getT();
  const search = pickSearch(await searchParams);
  const parsed = auditListQuery.safeParse(search);
  let initialData: AuditPage | undefined;
  if (parsed.success) {
    const { cursor, ...filters } = parsed.data;
    try {
      initialData = await listAudit(actor, filters, cursor);
    } catch (e) {
      // A refused filter (an unknown bank code): the client asks the API and shows why, next to the field.
      if (!(e instanceof AppError)) throw e;
    }
  }
  const banks = await auditBankChoices(actor);
  const isAuditor = can(actor, "audit.verify");
  const scope = actor.bankId ? t("audit.scope.bank") : isAuditor ? t("audit.scope.all") : t("audit.scope.carrier");
  return (
    <div className="space-y-4">
      <div className="max-w-3xl space-y-1">
        <h1 className="text-2xl font-bold">{t("audit.title")}</h1>
        <p className="text-slate-700">{t("audit.intro")}</p>
        <p className="text-sm text-slate-600">{scope}</p>
      </div>
      <AuditView search={search} initialData={initialData} banks={banks} canVerify={isAuditor} />
    </div>
  );
}
