import type { ZodError } from "zod";
import { API_KEY_ERRORS } from "@/lib/api-keys/schemas";
import type { FieldErrors } from "@/lib/errors";
import type { MessageKey, Translate } from "@/lib/i18n/types";
import { GRANT_CONFLICTS, RESET_CONFLICTS, STAFF_CONFLICTS, STAFF_FIELD_ERRORS } from "@/lib/users/schemas";
import { ApiError } from "./api";

/** Each reason the admin API (and the shared zod schemas) gives, and the console's message for it. */
const REASONS: Record<string, MessageKey> = {
  [STAFF_FIELD_ERRORS.required]: "admin.errors.required",
  [STAFF_FIELD_ERRORS.email]: "admin.errors.email",
  [STAFF_FIELD_ERRORS.emailTooLong]: "admin.errors.emailTooLong",
  // Also API_KEY_ERRORS.nameTooLong: the same words.
  [STAFF_FIELD_ERRORS.displayNameTooLong]: "admin.errors.displayNameTooLong",
  [STAFF_FIELD_ERRORS.roles]: "admin.errors.roles",
  [STAFF_FIELD_ERRORS.unknownRole]: "admin.errors.unknownRole",
  [STAFF_CONFLICTS.emailTaken]: "admin.errors.emailTaken",
  [STAFF_CONFLICTS.selfDisable]: "admin.errors.selfDisable",
  [STAFF_CONFLICTS.selfRoles]: "admin.errors.selfRoles",
  [STAFF_CONFLICTS.selfReset]: "admin.errors.selfReset",
  [STAFF_CONFLICTS.lastAdmin]: "admin.errors.lastAdmin",
  [STAFF_CONFLICTS.alreadyDisabled]: "admin.errors.alreadyDisabled",
  [STAFF_CONFLICTS.alreadyActive]: "admin.errors.alreadyActive",
  [GRANT_CONFLICTS.pendingByOther]: "admin.errors.grantPendingByOther",
  [RESET_CONFLICTS.pendingByOther]: "admin.errors.resetPendingByOther",
  [API_KEY_ERRORS.scopes]: "admin.errors.scopes",
  [API_KEY_ERRORS.unknownScope]: "admin.errors.unknownScope",
  [API_KEY_ERRORS.alreadyRevoked]: "admin.errors.alreadyRevoked",
};

/** The message for a field reason; an unknown reason is shown as the API wrote it. */
export function reasonText(t: Translate, reason: string | undefined): string | null {
  if (!reason) return null;
  const key = REASONS[reason];
  return key ? t(key) : reason;
}

/** The same field → reason map the API answers with, from a client-side parse of the shared schema. */
export function zodFields(error: ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join(".") : "body";
    fields[key] ??= issue.message;
  }
  return fields;
}

/** One sentence for a failed request that has no field to sit next to. */
export function failureText(t: Translate, e: unknown): string {
  if (!(e instanceof ApiError) || e.status === 0) return t("admin.errors.network");
  const reasons = Object.values(e.fields);
  if (reasons.length) return reasons.map((r) => reasonText(t, r)).join(" ");
  if (e.status === 401) return t("admin.errors.signedOut");
  if (e.status === 404) return t("admin.errors.notFound");
  if (e.status === 403) return t("admin.errors.forbidden");
  return t("admin.errors.failed", { requestId: e.requestId ?? "—" });
}
