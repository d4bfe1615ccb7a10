import type { Role } from "@/db/schema/enums";

/**
 * The staff's roles, statuses, limits and grant rules, without zod: the admin page imports these
 * (and schemas.ts builds its shapes on them), so the page loads zod only with a form.
 */
export const STAFF_ROLES = ["bank_operator", "investigator", "manager", "admin", "auditor"] as const satisfies readonly Role[];
// If a role is added to the database enum, this line stops compiling until STAFF_ROLES has it too.
const everyRoleListed: Exclude<Role, (typeof STAFF_ROLES)[number]> extends never ? true : never = true;
void everyRoleListed;

export const STAFF_STATUSES = ["active", "disabled"] as const;

export const EMAIL_MAX = 320;
export const DISPLAY_NAME_MAX = 100;

/**
 * Roles whose grant waits for a second administrator: a manager approves loosenings and money, an
 * admin makes managers. The other roles are given at once.
 */
export const PRIVILEGED_ROLES = ["manager", "admin"] as const satisfies readonly Role[];

/** A set of roles in the table's order, each once. */
export function rolesInOrder(roles: Iterable<Role>): Role[] {
  const set = new Set(roles);
  return STAFF_ROLES.filter((r) => set.has(r));
}

export function isPrivileged(role: Role): boolean {
  return (PRIVILEGED_ROLES as readonly Role[]).includes(role);
}

/** Why the viewer may not decide a grant (a code the console translates). */
export const GRANT_BLOCKS = ["api_key", "not_admin", "own_request", "not_pending", "own_grant", "needs_org_admin", "credential_issuer"] as const;
export type GrantBlock = (typeof GRANT_BLOCKS)[number];
