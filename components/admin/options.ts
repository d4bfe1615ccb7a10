import { API_KEY_SCOPES } from "@/lib/api-keys/constants";
import type { ApiKeyView } from "@/lib/api-keys/schemas";
import type { MessageKey, Translate } from "@/lib/i18n/types";
import { STAFF_ROLES } from "@/lib/users/constants";
import type { StaffMember } from "@/lib/users/schemas";

export type StaffRole = StaffMember["roles"][number];
export type ApiKeyScopeName = ApiKeyView["scopes"][number];

export function roleLabel(t: Translate, role: StaffRole): string {
  return t(`shell.role.${role}` as MessageKey);
}

export function roleOptions(t: Translate) {
  return STAFF_ROLES.map((r) => ({ value: r, label: roleLabel(t, r) }));
}

export function scopeLabel(t: Translate, scope: ApiKeyScopeName): string {
  return t(`admin.apiKeys.scope.${scope}` as MessageKey);
}

export function scopeOptions(t: Translate) {
  return API_KEY_SCOPES.map((s) => ({ value: s, label: scopeLabel(t, s), hint: t(`admin.apiKeys.scopeHint.${s}` as MessageKey) }));
}

/** The prefix of every list on the admin page (invalidating it refreshes them all). */
export const ADMIN_QUERY_KEY = ["admin"] as const;
export const STAFF_QUERY_KEY = ["admin", "staff"] as const;
export const ROLE_GRANTS_QUERY_KEY = ["admin", "role-grants"] as const;
export const CREDENTIAL_RESETS_QUERY_KEY = ["admin", "credential-resets"] as const;
export const API_KEYS_QUERY_KEY = ["admin", "api-keys"] as const;
