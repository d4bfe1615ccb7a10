import { pgEnum } from "drizzle-orm/pg-core";
import { CASE_EVENT_KINDS } from "../../lib/cases/constants";

export const orgKind = pgEnum("org_kind", ["carrier", "bank"]);
export const role = pgEnum("role", ["bank_operator", "investigator", "manager", "admin", "auditor"]);
export const userStatus = pgEnum("user_status", ["active", "disabled"]);
export const verificationMethod = pgEnum("verification_method", ["pin_only", "otp", "identity_document"]);
export const accountType = pgEnum("account_type", ["ordinary", "current", "savings"]);
export const linkStatus = pgEnum("link_status", ["active", "frozen", "removed"]);
export const walletStatus = pgEnum("wallet_status", ["active", "frozen", "closed"]);
export const transactionKind = pgEnum("transaction_kind", ["charge", "payment", "transfer", "refund"]);
export const merchantCategory = pgEnum("merchant_category", [
  "convenience_store",
  "home_appliances",
  "online",
  "other",
]);
export const controlKind = pgEnum("control_kind", ["registrations", "charges"]);
export const controlState = pgEnum("control_state", ["open", "strong_only", "suspended"]);
export const controlRequestStatus = pgEnum("control_request_status", [
  "pending",
  "approved",
  "rejected",
  "applied",
  "cancelled",
]);
/** The states of anything a second person approves (lib/approvals/states.ts). */
export const approvalStatus = pgEnum("approval_status", ["pending", "approved", "rejected", "applied", "cancelled"]);
export const decisionOperation = pgEnum("decision_operation", ["link", "charge"]);
export const decisionOutcome = pgEnum("decision_outcome", ["allow", "deny"]);
export const incidentStatus = pgEnum("incident_status", ["open", "contained", "closed"]);
/** A case's place in the workflow; how it ended is its outcome, kept apart (lib/cases/constants.ts). */
export const caseStatus = pgEnum("case_status", ["new", "triage", "investigating", "closed"]);
export const caseOutcome = pgEnum("case_outcome", ["confirmed_fraud", "not_fraud", "inconclusive"]);
export const caseSeverity = pgEnum("case_severity", ["low", "medium", "high", "critical"]);
/** A detection rule opens cases (on), only records what it would open (shadow), or does nothing (off). */
export const ruleMode = pgEnum("rule_mode", ["on", "shadow", "off"]);
export const caseEventKind = pgEnum("case_event_kind", CASE_EVENT_KINDS);
export const apiKeyScope = pgEnum("api_key_scope", ["decisions", "events", "read", "controls"]);

export const ROLES = role.enumValues;
export type Role = (typeof ROLES)[number];
export type OrgKind = (typeof orgKind.enumValues)[number];
export type VerificationMethod = (typeof verificationMethod.enumValues)[number];
export type ControlKind = (typeof controlKind.enumValues)[number];
export type ControlState = (typeof controlState.enumValues)[number];
export type CaseStatus = (typeof caseStatus.enumValues)[number];
export type CaseOutcome = (typeof caseOutcome.enumValues)[number];
export type CaseSeverity = (typeof caseSeverity.enumValues)[number];
export type CaseEventKind = (typeof caseEventKind.enumValues)[number];
export type RuleMode = (typeof ruleMode.enumValues)[number];
export type ApiKeyScope = (typeof apiKeyScope.enumValues)[number];
export type MerchantCategory = (typeof merchantCategory.enumValues)[number];

/**
 * A reimbursement's life (lib/reimbursements): waiting for its approvals (pending), approved to
 * pay, rejected, withdrawn by its maker (cancelled), in a payout batch (sent), paid.
 */
export const reimbursementStatus = pgEnum("reimbursement_status", ["pending", "approved", "rejected", "cancelled", "sent", "paid"]);
/** Whose account is paid: the victim's own linked account, or another one (with a reason). */
export const payeeKind = pgEnum("payee_kind", ["linked_account", "other"]);
export const approvalDecision = pgEnum("approval_decision", ["approve", "reject"]);
/** A payout line's transfer: in the file sent to the bank, paid (with the bank's reference), or returned by the bank (with its reason). */
export const payoutLineStatus = pgEnum("payout_line_status", ["sent", "paid", "returned"]);
export type ReimbursementStatus = (typeof reimbursementStatus.enumValues)[number];
