import { ApiKeysSection } from "@/components/admin/api-keys-section";
import { CredentialResetsSection } from "@/components/admin/credential-resets-section";
import { RoleGrantsSection } from "@/components/admin/role-grants-section";
import { StaffSection } from "@/components/admin/staff-section";
import { listApiKeys } from "@/lib/api-keys/service";
import { requirePermission } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/policy";
import { getLocale, getT } from "@/lib/i18n/server";
import { listRoleGrants } from "@/lib/users/grants";
import { listCredentialResets } from "@/lib/users/resets";
import { listStaff } from "@/lib/users/service";

/** Staff and API keys of the administrator's own organisation. */
export default async function AdminPage() {
  const actor = await requirePermission("users.manage");
  const t = await getT();
  const locale = await getLocale();
  const mayManageKeys = can(actor, "api_keys.manage");
  const [staff, grants, resets, keys] = await Promise.all([
    listStaff(actor),
    listRoleGrants(actor),
    listCredentialResets(actor),
    mayManageKeys ? listApiKeys(actor) : Promise.resolve(undefined),
  ]);
  const org = locale === "ja" ? actor.orgNameJa : actor.orgNameEn;
  return (
    <div className="space-y-10">
      <div className="max-w-3xl space-y-1">
        <h1 className="text-2xl font-bold">{t("admin.title")}</h1>
        <p className="text-slate-700">{t("admin.intro", { org })}</p>
      </div>
      <RoleGrantsSection initialData={grants} />
      <CredentialResetsSection initialData={resets} />
      <StaffSection initialData={staff} />
      {mayManageKeys ? <ApiKeysSection initialData={keys} /> : null}
    </div>
  );
}
