"use client";
import { useT } from "@/lib/i18n/client";
import type { CredentialResetList, CredentialResetView } from "@/lib/users/schemas";
import { Badge, BadgeList } from "./badge";
import { FourEyesSection } from "./four-eyes-section";
import { CREDENTIAL_RESETS_QUERY_KEY, roleLabel } from "./options";

/**
 * Resets of a manager's or admin's password or second factor waiting for a second administrator
 * (four-eyes), beside the role grants: what is reset and the person's roles. The approver receives
 * the temporary password in the confirmation dialog, once, to hand to the person.
 */
export function CredentialResetsSection({ initialData }: { initialData?: CredentialResetList }) {
  const t = useT();
  const what = (r: CredentialResetView) => (r.resetTotp ? t("admin.resets.passwordAndTotp") : t("admin.resets.passwordOnly"));
  return (
    <FourEyesSection<CredentialResetView, CredentialResetList>
      area="resets"
      testId={{ section: "credential-resets", row: "credential-reset" }}
      queryKey={CREDENTIAL_RESETS_QUERY_KEY}
      url="/api/v1/admin/credential-resets"
      initialData={initialData}
      items={(list) => list.resets}
      subjectColumn="reset"
      subject={(r) => (
        <span className="flex items-center gap-1.5">
          <Badge tone="amber">{what(r)}</Badge>
          <BadgeList tone="blue" items={r.currentRoles.map((role) => ({ key: role, label: roleLabel(t, role) }))} />
        </span>
      )}
      confirmVars={(r) => ({ what: what(r) })}
    />
  );
}
