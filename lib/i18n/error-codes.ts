/**
 * The machine codes the API puts in problem+json (`code` for the whole, `errors[field].code` per
 * field) that the console has words for: lib/i18n/messages/{en,ja}/errors.ts must have each one
 * (its type says so). A code not listed here is shown with the generic message.
 *
 * Per field: zod's issue codes (too_small, too_big, invalid_format, invalid_value, invalid_type,
 * unrecognized_keys…, with their params), or a domain code a schema or lib/ gives (email_taken).
 * The console picks a finer message for some zod codes from their params (fieldMessageCode).
 */
export const FIELD_ERROR_CODES = [
  // From zod, refined by their params (see fieldMessageCode).
  "invalid",
  "required",
  "invalid_type",
  "too_short",
  "too_long",
  "too_few",
  "too_many",
  "too_small",
  "too_big",
  "invalid_format",
  "email",
  "invalid_value",
  "unrecognized_keys",
  "not_multiple_of",
  // The request itself.
  "json",
  "nul",
  "repeated",
  "not_decimal",
  "cursor",
  "cursor_sort",
  // Dates and banks.
  "date",
  "calendar_date",
  "to_before_from",
  "bank_code",
  "unknown_bank",
  "unknown_bank_codes",
  // Payees and the zengin transfer file.
  "branch_code",
  "account_number",
  "requester_code",
  "customer_reference",
  "zengin_character",
  "zengin_too_long",
  "zengin_total_too_big",
  // Staff, grants and API keys.
  "email_taken",
  "self_disable",
  "self_roles",
  "credential_issuer",
  "self_reset",
  "last_admin",
  "already_disabled",
  "already_active",
  "grant_pending_by_other",
  "reset_pending_by_other",
  "already_revoked",
  "nothing_to_change",
  // Accounts.
  "search",
  "search_short",
  "link_removed",
  // Controls.
  "confirm_bank_code",
  "confirm_count",
  "unknown_control",
  "towards_open",
  "not_towards_open",
  "schedule_past",
  "schedule_too_far",
  "roles",
  "unknown_role",
  "scopes",
  "unknown_scope",
  "limit",
  "stale_revision",
  "reason_short",
  "open_case_exists",
  "already_frozen",
  "not_frozen",
  "already_open",
  // Cases (lib/cases/constants.ts CASE_REFUSALS).
  "outcome_required",
  "outcome_not_closing",
  "reopen_reason_required",
  "reassign_reason_required",
  "assignee_not_eligible",
  "snooze_past",
  "snooze_too_far",
  "unknown_incident",
  "unknown_case",
  // Detection rules (lib/rules/schemas.ts RULE_ERRORS).
  "duplicate_value",
  "period_too_long",
  // Cases: the queue and its saved views.
  "assignee",
  "max_below_min",
  "amount",
  "view_name",
  "view_name_taken",
  "too_many_views",
  // Case evidence (lib/cases/evidence-kinds.ts EVIDENCE_REFUSALS).
  "evidence_type",
  "evidence_mismatch",
  "evidence_empty",
  "evidence_too_large",
  // Reimbursements (lib/reimbursements/schemas.ts REIMBURSEMENT_REFUSALS) and step-up codes (lib/auth/step-up.ts).
  "step_up_required",
  "step_up_wrong_code",
  "step_up_reused_code",
  "step_up_not_enrolled",
  "case_not_confirmed_fraud",
  "reimbursement_pending_exists",
  "amount_over_available",
  "payee_reason_required",
  "unknown_payee_bank",
  "payee_name_not_transferable",
  "compensation_over_loss",
  "account_number_required",
  "account_number_mismatch",
  "reimbursement_not_approved",
  "reimbursement_already_in_batch",
  "reimbursement_not_sent",
] as const;
export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number];

/** The whole problem's codes (problem+json `code`) the console has words for; others read as `failed`. */
export const PROBLEM_CODES = [
  "invalid",
  "invalid_query",
  "invalid_cursor",
  "bad_request",
  "unauthenticated",
  "forbidden",
  "self_change_forbidden",
  "credential_issuer_forbidden",
  "stale_version",
  "illegal_transition",
  "no_fraudulent_transactions",
  "reimbursed_over_confirmed",
  "another_case_open",
  "case_closed",
  "unchanged",
  "not_snoozed",
  "not_found",
  "no_case_available",
  "conflict",
  "too_large",
  "too_many_requests",
  "idempotency_key_invalid",
  "idempotency_key_in_use",
  "idempotency_key_reused",
  "payment_already_settled",
  "unavailable",
  "internal",
  "network",
  "failed",
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

const FIELD_SET = new Set<string>(FIELD_ERROR_CODES);
const PROBLEM_SET = new Set<string>(PROBLEM_CODES);

export function isFieldErrorCode(code: string): code is FieldErrorCode {
  return FIELD_SET.has(code);
}
export function isProblemCode(code: string): code is ProblemCode {
  return PROBLEM_SET.has(code);
}
