/**
 * An audit entry in words, in the reader's language: the action's label, the fields of its diff
 * and their values (control states, roles, statuses and reasons translated; people by name; times
 * in Japan time). Client-safe; the page and tests/audit/labels.test.ts use the same lists, so a
 * field or value named here without a label in both languages fails that test.
 */
import { formatCount, formatJst } from "@/lib/format";
import type { MessageKey, Translate } from "@/lib/i18n/types";
import { AUDIT_ENTITY_TYPES, groupOf, isKnownAuditAction, type AuditActionGroup, type AuditEntityType } from "./actions";
import type { AuditPerson } from "./schemas";

export function actionLabel(t: Translate, action: string): string {
  return isKnownAuditAction(action) ? t(`audit.action.${action}` as MessageKey) : action;
}

export function groupLabel(t: Translate, group: AuditActionGroup): string {
  return t(`audit.actionGroup.${group}` as MessageKey);
}

/** The kind of thing an entry is about, in words (an unknown kind as its code). */
export function entityTypeLabel(t: Translate, entityType: string): string {
  return (AUDIT_ENTITY_TYPES as readonly string[]).includes(entityType) ? t(`audit.entity.${entityType as AuditEntityType}`) : entityType;
}

/** The fields entries write, each labelled (`audit.field.<name>`, a dot written as "_"). */
export const LABELLED_FIELDS = [
  "state",
  "toState",
  "currentState",
  "control",
  "version",
  "reason",
  "note",
  "status",
  "revision",
  "scheduledFor",
  "requestId",
  "approvedBy",
  "requestedBy",
  "decidedBy",
  "userId",
  "grantId",
  "resetId",
  "cancelledRequests",
  "voidedApproval",
  "bankCode",
  "bulk.banks",
  "bulk.changed",
  "email",
  "displayName",
  "roles",
  "removed",
  "granted",
  "requestedRoles",
  "mustChangePassword",
  "enrolled",
  "sessionsEnded",
  "totpReset",
  "name",
  "prefix",
  "scopes",
  "revoked",
  "reference",
  "linkId",
  "source",
  "failures",
  "failures.source",
  "failures.allSources",
  "failures.account",
  "windowMinutes",
  "slowedUpToMs",
  "lapsedAt",
  "lastSeenAt",
  "expiresAt",
  "foundBy",
  "failedAttemptsNotice.failures",
  "failedAttemptsNotice.sources",
  "failedAttemptsNotice.first",
  "failedAttemptsNotice.last",
  "ok",
  "checked",
  "firstBroken.seq",
  "firstBroken.reason",
  "head.seq",
  "head.hash",
  "stored",
  "rejected",
  "linksCreated",
  "action",
  "actor",
  "entityType",
  "entityId",
  "bank",
  "from",
  "to",
  "scale",
] as const;

const labelled = new Set<string>(LABELLED_FIELDS);

/** Values translated by field (the last part of a dotted name), each set labelled under audit.value.<set>. */
export const VALUE_SETS = {
  state: ["open", "strong_only", "suspended"],
  control: ["registrations", "charges"],
  status: ["active", "disabled", "frozen", "removed", "pending", "approved", "rejected", "applied", "cancelled", "new"],
  scope: ["decisions", "events", "read", "controls"],
  /** Why a sign-in failed, a session ended, or the chain broke. */
  reason: [
    "wrong_password",
    "unknown_email",
    "disabled",
    "throttled",
    "missing_code",
    "wrong_code",
    "reused_code",
    "already_enrolled",
    "idle_timeout",
    "absolute_timeout",
    "user_disabled",
    "roles_changed",
    "content_changed",
    "link_broken",
  ],
  foundBy: ["request", "sweep"],
  eventType: ["link_created", "link_removed", "charge", "payment", "transfer"],
} as const;

const ROLES = ["bank_operator", "investigator", "manager", "admin", "auditor"] as const;

const FIELD_VALUES: Record<string, keyof typeof VALUE_SETS | "role" | "person" | "time"> = {
  state: "state",
  toState: "state",
  currentState: "state",
  control: "control",
  status: "status",
  scopes: "scope",
  foundBy: "foundBy",
  roles: "role",
  removed: "role",
  granted: "role",
  requestedRoles: "role",
  approvedBy: "person",
  requestedBy: "person",
  decidedBy: "person",
  userId: "person",
  scheduledFor: "time",
  lapsedAt: "time",
  lastSeenAt: "time",
  expiresAt: "time",
  first: "time",
  last: "time",
};

/** A field's label; a field no entry wrote when this was made shows its own name. */
export function fieldLabel(t: Translate, field: string): string {
  if (labelled.has(field)) return t(`audit.field.${field.replace(".", "_")}` as MessageKey);
  if (field.startsWith("byType.")) {
    const type = field.slice("byType.".length);
    return (VALUE_SETS.eventType as readonly string[]).includes(type) ? t(`audit.value.eventType.${type}` as MessageKey) : type;
  }
  return field;
}

export interface ValueContext {
  action: string;
  people: Record<string, AuditPerson>;
}

function one(t: Translate, kind: string | undefined, field: string, v: unknown, ctx: ValueContext): string {
  if (v === null || v === undefined || v === "") return "—";
  if (typeof v === "boolean") return t(v ? "audit.value.yes" : "audit.value.no");
  if (typeof v === "number") return formatCount(v);
  if (typeof v !== "string") return JSON.stringify(v);
  if (kind === "person") {
    const p = ctx.people[v];
    return p ? `${p.name} (${p.email})` : t("audit.value.someone");
  }
  if (kind === "time") {
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? v : formatJst(v);
  }
  if (kind === "role") return (ROLES as readonly string[]).includes(v) ? t(`shell.role.${v}` as MessageKey) : v;
  // A reason is a code for sign-ins, sessions and the chain; elsewhere it is what a person typed.
  if (kind === "reason" && !(groupOf(ctx.action) === "auth" || field === "firstBroken.reason")) return v;
  if (kind && kind in VALUE_SETS) {
    const set: readonly string[] = VALUE_SETS[kind as keyof typeof VALUE_SETS];
    if (set.includes(v)) return t(`audit.value.${kind}.${v}` as MessageKey);
  }
  return v;
}

/** A value of the diff in words; a list is joined, a missing value is "—". */
export function valueText(t: Translate, field: string, value: unknown, ctx: ValueContext, listSeparator = ", "): string {
  const last = field.slice(field.lastIndexOf(".") + 1);
  const kind = FIELD_VALUES[last] ?? (last === "reason" ? "reason" : undefined);
  if (Array.isArray(value)) return value.length ? value.map((v) => one(t, kind, field, v, ctx)).join(listSeparator) : "—";
  return one(t, kind, field, value, ctx);
}
