"use client";
import { useI18n } from "@/lib/i18n/client";
import type { RoleGrantList, RoleGrantView } from "@/lib/users/schemas";
import { BadgeList } from "./badge";
import { FourEyesSection } from "./four-eyes-section";
import { ROLE_GRANTS_QUERY_KEY, roleLabel } from "./options";

/**
 * Grants of manager or admin waiting for a second administrator (four-eyes): the roles asked for
 * beside the person's roles now. The list, the decisions and their confirmations are the shared
 * four-eyes section's.
 */
export function RoleGrantsSection({ initialData }: { initialData?: RoleGrantList }) {
  const { t, locale } = useI18n();
  const roles = (rs: RoleGrantView["roles"]) => rs.map((r) => roleLabel(t, r)).join(locale === "ja" ? "・" : ", ");
  return (
    <FourEyesSection<RoleGrantView, RoleGrantList>
      area="grants"
      testId={{ section: "role-grants", row: "role-grant" }}
      queryKey={ROLE_GRANTS_QUERY_KEY}
      url="/api/v1/admin/role-grants"
      initialData={initialData}
      items={(list) => list.grants}
      subjectColumn="roles"
      subject={(g) => (
        <span className="flex items-center gap-1.5">
          <BadgeList tone="amber" items={g.roles.map((r) => ({ key: r, label: t("admin.grants.pendingRole", { role: roleLabel(t, r) }) }))} />
          <span className="text-xs text-slate-600">{t("admin.grants.now", { roles: g.currentRoles.length ? roles(g.currentRoles) : t("admin.grants.noRoles") })}</span>
        </span>
      )}
      confirmVars={(g) => ({ roles: roles(g.roles) })}
    />
  );
}
