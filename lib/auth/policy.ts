import type { Role } from "@/db/schema";
import { Forbidden } from "@/lib/errors";
import type { Actor, StaffActor } from "./actor";

/**
 * The one place that says which role may do which action. Scoping to a bank is separate
 * (lib/auth/scope.ts): a permission here never widens what rows an actor can see.
 */
export const PERMISSIONS = {
  "accounts.read": ["bank_operator", "investigator", "manager", "auditor"],
  "accounts.freeze": ["bank_operator", "investigator"],
  "controls.read": ["bank_operator", "investigator", "manager", "admin", "auditor"],
  "controls.tighten": ["bank_operator", "manager"],
  "controls.request_loosening": ["bank_operator", "manager"],
  "controls.approve_loosening": ["manager"],
  "cases.read": ["bank_operator", "investigator", "manager", "auditor"],
  "cases.work": ["investigator"],
  /** Bank operators and managers read their bank's cases and may add notes; investigators work them. */
  "cases.note": ["bank_operator", "investigator", "manager"],
  /** Incidents group cases across banks: the carrier's investigators and managers create and edit them and attach cases (checked in lib/). */
  "incidents.manage": ["investigator", "manager"],
  "rules.read": ["investigator", "manager", "auditor"],
  /** Detection rules and the SLA are the carrier's (checked in lib/): its managers change them. */
  "rules.manage": ["manager"],
  "reimbursements.read": ["investigator", "manager", "auditor"],
  "reimbursements.propose": ["investigator"],
  "reimbursements.decide": ["manager"],
  /** A bank's managers record what their bank compensated on a case (lib/reimbursements: the bank's own staff only). */
  "reimbursements.compensate": ["manager"],
  /** The carrier's managers pay approved reimbursements in batches (checked in lib/: the carrier's only). */
  "reimbursements.pay": ["manager"],
  "analytics.read": ["manager", "auditor"],
  "audit.read": ["auditor", "admin"],
  "audit.verify": ["auditor"],
  "users.manage": ["admin"],
  "api_keys.manage": ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function hasPermission(roles: readonly Role[], permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return roles.some((r) => allowed.includes(r));
}

/** Service keys act through scopes, not roles; staff-only actions are never open to them. */
export function can(actor: Actor, permission: Permission): boolean {
  if (actor.kind !== "staff") return false;
  return hasPermission(actor.roles, permission);
}

export function assertCan(actor: Actor, permission: Permission): asserts actor is StaffActor {
  if (!can(actor, permission)) throw new Forbidden(`Your role does not allow ${permission}.`);
}

export function assertStaff(actor: Actor): asserts actor is StaffActor {
  if (actor.kind !== "staff") throw new Forbidden("This action needs a signed-in staff member.");
}
