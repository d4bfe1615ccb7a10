import { z } from "zod";
import { defineRoute, idParam } from "@/lib/openapi/spec";
import { caseIdParam } from "@/lib/cases/workflow-schemas";
import { approveRequest, compensationRequest, compensationView, editRequest, listQuery, proposeRequest, rejectRequest, reimbursementDetail, reimbursementPage, withdrawRequest } from "./schemas";

const params = z.object({ reimbursementId: idParam });
const ARITHMETIC = "`params` and the field's params carry the arithmetic: lossYen, reimbursedYen, approvedYen, pendingYen, compensatedYen, availableYen";
const PROPOSAL_REFUSALS = {
  unknown_case: "No such case in the caller's scope (`caseId`)",
  case_not_confirmed_fraud: "The case is not closed as confirmed fraud (`caseId`)",
  reimbursement_pending_exists: "The case already has a pending proposal (`caseId`)",
  amount_over_available: `More than confirmed loss − reimbursed − approved − pending − compensated (\`amountYen\`); ${ARITHMETIC}`,
  payee_reason_required: "Another account than the victim's own without a reason (`payee.reason`)",
  unknown_payee_bank: "The payee's bank code is not a bank the console knows (`payee.bankCode`)",
  payee_name_not_transferable: "The holder's name has characters the zengin transfer file cannot carry, or is longer than 30 (`payee.holderKana`, or `payee` for the victim's account); `characters`",
};
const STALE = { stale_revision: "The reimbursement was edited since the `version` given (`params.current`)", conflict: "Decided, edited or withdrawn meanwhile, or not pending" };
const STEP_UP = {
  step_up_required: "No one-time password (`code`)",
  step_up_wrong_code: "The one-time password is wrong or expired (`code`)",
  step_up_reused_code: "The one-time password was used already, for sign-in or another step-up (`code`)",
  step_up_not_enrolled: "The approver has no authenticator (`code`)",
};

export const reimbursementsRoutes = {
  list: defineRoute({
    method: "get",
    path: "/api/v1/reimbursements",
    query: listQuery,
    summary:
      "Reimbursements in the caller's scope, newest first, keyset-paged (limit, cursor, nextCursor); filters: queue (waiting_for_me, approved, sent, paid, rejected), status, bank (code), caseId, from/to (Japan-time days of the proposal). Each item: id, case, status, amount, bank, payee (last four digits only), maker, approvals (current revision and void ones), what the caller may do; `totals` per queue (count and yen) in scope and bank filter",
    tag: "reimbursements",
    auth: "staff",
    permission: "reimbursements.read",
    response: reimbursementPage,
  }),
  propose: defineRoute({
    method: "post",
    path: "/api/v1/reimbursements",
    summary:
      "An investigator proposes reimbursing a case closed as confirmed fraud: whole yen > 0, at most the confirmed loss less what is paid, approved, pending and compensated by the bank; the payee is the victim's own linked account unless another one is named (a known bank code, 3-digit branch, 7-digit account, holder in katakana, and a reason). One pending proposal per case. At or above the threshold (LINKGUARD_REIMBURSEMENT_QUORUM_YEN, default ¥1,000,000) it needs two approvals. Case timeline and audit",
    tag: "reimbursements",
    auth: "staff",
    permission: "reimbursements.propose",
    body: proposeRequest,
    response: reimbursementDetail,
    successStatus: 201,
    errors: { 422: PROPOSAL_REFUSALS },
  }),
  get: defineRoute({
    method: "get",
    path: "/api/v1/reimbursements/{reimbursementId}",
    params,
    summary: "One reimbursement with its decisions and its case's arithmetic (loss, reimbursed, approved, pending, compensated, available)",
    tag: "reimbursements",
    auth: "staff",
    permission: "reimbursements.read",
    bankScoped: true,
    response: reimbursementDetail,
  }),
  edit: defineRoute({
    method: "patch",
    path: "/api/v1/reimbursements/{reimbursementId}",
    params,
    body: editRequest,
    summary: "The maker edits a pending proposal at the `version` read (amount, reason, payee; null payee: the victim's own account): the version goes up and every approval given so far is void. Audited",
    tag: "reimbursements",
    auth: "staff",
    permission: "reimbursements.propose",
    bankScoped: true,
    response: reimbursementDetail,
    errors: { 409: STALE, 422: PROPOSAL_REFUSALS },
  }),
  withdraw: defineRoute({
    method: "post",
    path: "/api/v1/reimbursements/{reimbursementId}/withdraw",
    params,
    body: withdrawRequest,
    summary: "The maker withdraws a pending proposal (status cancelled). Case timeline and audit",
    tag: "reimbursements",
    auth: "staff",
    permission: "reimbursements.propose",
    bankScoped: true,
    response: reimbursementDetail,
    errors: { 409: STALE },
  }),
  approve: defineRoute({
    method: "post",
    path: "/api/v1/reimbursements/{reimbursementId}/approve",
    params,
    body: approveRequest,
    summary:
      "A manager of the carrier or of the victim's bank, not the maker, approves the `version` reviewed, with a fresh one-time password of their authenticator (`code`, each once). Below the threshold one approval decides; at or above it, one from the carrier and one from the victim's bank. Decided: status approved and the case's reimbursed amount goes up, in one transaction with the timeline and audit entries",
    tag: "reimbursements",
    auth: "staff",
    permission: "reimbursements.decide",
    bankScoped: true,
    response: reimbursementDetail,
    errors: {
      403: { needs_carrier_approval: "The second approval must come from the carrier", needs_bank_approval: "The second approval must come from the victim's bank" },
      409: { ...STALE, already_approved: "The caller already approved this version", amount_over_available: `The case's ceiling no longer allows the amount; ${ARITHMETIC}`, case_not_confirmed_fraud: "The case was reopened" },
      422: STEP_UP,
    },
  }),
  reject: defineRoute({
    method: "post",
    path: "/api/v1/reimbursements/{reimbursementId}/reject",
    params,
    body: rejectRequest,
    summary: "A manager who is not the maker rejects a pending reimbursement with a reason (a `code`, when given, is checked as for approving). Case timeline and audit",
    tag: "reimbursements",
    auth: "staff",
    permission: "reimbursements.decide",
    bankScoped: true,
    response: reimbursementDetail,
    errors: { 409: STALE, 422: STEP_UP },
  }),
  compensation: defineRoute({
    method: "post",
    path: "/api/v1/cases/{caseId}/compensation",
    params: z.object({ caseId: caseIdParam }),
    body: compensationRequest,
    summary:
      "A manager of the victim's bank records what the bank itself compensated on a case closed as confirmed fraud: it comes off what the carrier may reimburse (the carrier's staff cannot record it). Audited",
    tag: "reimbursements",
    auth: "staff",
    permission: "reimbursements.compensate",
    bankScoped: true,
    response: compensationView,
    successStatus: 201,
    errors: {
      422: { case_not_confirmed_fraud: "The case is not closed as confirmed fraud (`caseId`)", compensation_over_loss: `More than the confirmed loss still available (\`amountYen\`); ${ARITHMETIC}` },
    },
  }),
};
