/**
 * Every action the audit log holds, by group. The group is the action's prefix ("control." for
 * every change of a control), which is what the log's action filter matches. `writeAudit` takes
 * only these codes (`AuditAction`), and tests/audit/labels.test.ts checks that each one, and each
 * code written anywhere in the source, has a label in both languages (`audit.action.<code>`).
 * Client-safe: the audit page's action list is made from it.
 */
export const AUDIT_ACTION_GROUPS = {
  control: [
    "control.tightened",
    "control.loosening_requested",
    "control.loosening_request_edited",
    "control.loosening_request_cancelled",
    "control.loosening_approved",
    "control.loosening_rejected",
    "control.loosened",
    "control.scheduled_loosening_cancelled",
  ],
  link: ["link.frozen", "link.unfrozen"],
  case: [
    "case.opened",
    "case.reported_again",
    "case.status_changed",
    "case.reopened",
    "case.assigned",
    "case.severity_changed",
    "case.snoozed",
    "case.unsnoozed",
    "case.note_added",
    "case.transaction_marked",
    "case.evidence_added",
    "case.evidence_downloaded",
    "case.incident_attached",
    "case.view_saved",
    "case.view_deleted",
  ],
  incident: ["incident.created", "incident.updated"],
  reimbursement: [
    "reimbursement.proposed",
    "reimbursement.edited",
    "reimbursement.withdrawn",
    "reimbursement.approval_recorded",
    "reimbursement.approved",
    "reimbursement.rejected",
    "reimbursement.compensation_recorded",
    "reimbursement.payout_batch_created",
    "reimbursement.paid",
    "reimbursement.returned",
  ],
  rule: ["rule.changed"],
  sla: ["sla.changed"],
  accounts: ["accounts.exported"],
  users: [
    "users.created",
    "users.renamed",
    "users.roles_changed",
    "users.role_grant_requested",
    "users.role_grant_revised",
    "users.role_grant_cancelled",
    "users.role_grant_approved",
    "users.role_grant_rejected",
    "users.role_granted",
    "users.credential_reset_requested",
    "users.credential_reset_revised",
    "users.credential_reset_cancelled",
    "users.credential_reset_approved",
    "users.credential_reset_rejected",
    "users.disabled",
    "users.enabled",
    "users.sessions_ended",
    "users.password_reset",
  ],
  api_keys: ["api_keys.created", "api_keys.revoked"],
  auth: [
    "auth.signed_in",
    "auth.signed_out",
    "auth.session_ended",
    "auth.sign_in_failed",
    "auth.sign_in_attack",
    "auth.password_changed",
    "auth.totp_enrolment_started",
    "auth.totp_enrolled",
  ],
  access: ["access.denied"],
  audit: ["audit.exported", "audit.verified"],
  events: ["events.ingested"],
  seed: ["seed.demo_data"],
} as const;

export type AuditActionGroup = keyof typeof AUDIT_ACTION_GROUPS;
/** An action the code writes today. */
export type AuditAction = (typeof AUDIT_ACTION_GROUPS)[AuditActionGroup][number];

/**
 * Actions older entries hold that nothing writes any more: they are labelled and can be filtered
 * by, but `writeAudit` refuses them at compile time. (A locked account's refused sign-in became an
 * `auth.sign_in_failed` with reason `throttled`.)
 */
export const HISTORICAL_AUDIT_ACTIONS = {
  auth: ["auth.sign_in_refused_locked"],
} as const satisfies Partial<Record<AuditActionGroup, readonly string[]>>;

export type HistoricalAuditAction = (typeof HISTORICAL_AUDIT_ACTIONS)[keyof typeof HISTORICAL_AUDIT_ACTIONS][number];
/** Any action an entry may hold. */
export type KnownAuditAction = AuditAction | HistoricalAuditAction;

export const AUDIT_ACTION_GROUP_NAMES = Object.keys(AUDIT_ACTION_GROUPS) as AuditActionGroup[];

/** The actions of a group, today's first, then the historical ones. */
export function actionsOf(group: AuditActionGroup): readonly KnownAuditAction[] {
  const historical: readonly string[] = (HISTORICAL_AUDIT_ACTIONS as Partial<Record<AuditActionGroup, readonly string[]>>)[group] ?? [];
  return [...AUDIT_ACTION_GROUPS[group], ...(historical as readonly HistoricalAuditAction[])];
}

export const KNOWN_AUDIT_ACTIONS: readonly KnownAuditAction[] = AUDIT_ACTION_GROUP_NAMES.flatMap((g) => actionsOf(g));

const known = new Set<string>(KNOWN_AUDIT_ACTIONS);

export function isKnownAuditAction(v: string): v is KnownAuditAction {
  return known.has(v);
}

/** The filter value that selects a whole group: its prefix, "control.". */
export function groupPrefix(group: AuditActionGroup): string {
  return `${group}.`;
}

/** The group of an action code ("control.tightened" → "control"), if it is one of ours. */
export function groupOf(action: string): AuditActionGroup | null {
  const g = action.slice(0, action.indexOf("."));
  return g in AUDIT_ACTION_GROUPS ? (g as AuditActionGroup) : null;
}

/** Every kind of entity entries name (`entity_type`). */
export const AUDIT_ENTITY_TYPES = [
  "bank_control",
  "control_change_request",
  "linked_account",
  "case",
  "incident",
  "reimbursement",
  "payout_batch",
  "detection_rule",
  "case_sla_policy",
  "saved_view",
  "user",
  "role_grant",
  "credential_reset",
  "api_key",
  "session",
  "route",
  "audit_log",
  "wallet_events",
  "seed",
] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];
