import { z } from "zod";
import { defineRoute, idParam } from "@/lib/openapi/spec";
import { slaChangeRequest, slaPolicy } from "@/lib/rules/schemas";
import { caseFile } from "./file-schemas";
import { assignRequest, caseIdParam, caseWriteResult, incidentRequest, markRequest, noteRequest, severityRequest, snoozeRequest, statusRequest } from "./workflow-schemas";

const caseParams = z.object({ caseId: caseIdParam });
const STALE = { stale_version: "The case changed since the version given: `current` is the case as it is, `changes` what changed since (who, what, from → to); nothing was written" };
const CLOSED = { case_closed: "The case is closed: reopen it first" };
const UNCHANGED = { unchanged: "The case already has that value: nothing to change" };

export const casesRoutes = {
  file: defineRoute({
    method: "get",
    path: "/api/v1/cases/{caseId}",
    params: caseParams,
    summary:
      "The case file, by id or reference: the header (status, outcome, severity, bank, the linked account masked and its wallet, loss, confirmed loss, reimbursed, outstanding, assignee, due, snooze, version), the transactions of the link and of the wallet's other links the caller may see with their marks (the newest 300 plus every marked one, and the total), the timeline newest first (the case's events and its bank's control changes in the case's time span), the related cases through the wallet, e-mail, bank account, device or IP address (another bank's shown only as existing and how it is related), and whom it may be assigned to",
    tag: "cases",
    auth: "staff",
    permission: "cases.read",
    bankScoped: true,
    response: caseFile,
  }),
  changeStatus: defineRoute({
    method: "post",
    path: "/api/v1/cases/{caseId}/status",
    params: caseParams,
    summary:
      "Move a case along the workflow (new → triage → investigating → closed, back one step, straight to closed, or closed → investigating to reopen). Closing needs an outcome; confirmed_fraud needs a transaction marked fraudulent and sets the confirmed loss (the reimbursement ceiling) to the loss; reopening needs a reason and clears the outcome. Audited",
    tag: "cases",
    auth: "staff",
    permission: "cases.work",
    bankScoped: true,
    body: statusRequest,
    response: caseWriteResult,
    errors: {
      409: {
        illegal_transition: "Not one of the workflow's transitions (`params`: from, to)",
        no_fraudulent_transactions: "Closing as confirmed_fraud with no transaction marked fraudulent",
        reimbursed_over_confirmed: "The confirmed loss would fall under what was already reimbursed",
        ...STALE,
      },
      422: {
        outcome_required: "Closing without an outcome (`outcome`)",
        outcome_not_closing: "An outcome given when not closing (`outcome`)",
        reopen_reason_required: "Reopening without a reason (`reason`)",
      },
    },
  }),
  assign: defineRoute({
    method: "post",
    path: "/api/v1/cases/{caseId}/assign",
    params: caseParams,
    summary:
      "Assign a case to an active investigator who may see its bank (the carrier's, or the bank's own), or unassign it (null); taking someone else's case needs a reason. Audited",
    tag: "cases",
    auth: "staff",
    permission: "cases.work",
    bankScoped: true,
    body: assignRequest,
    response: caseWriteResult,
    errors: {
      409: { ...CLOSED, ...UNCHANGED, ...STALE },
      422: { assignee_not_eligible: "Not an active investigator who may see the case's bank (`assigneeId`)", reassign_reason_required: "Someone else's case without a reason (`reason`)" },
    },
  }),
  severity: defineRoute({
    method: "post",
    path: "/api/v1/cases/{caseId}/severity",
    params: caseParams,
    summary: "Change a case's severity; its due date follows from the SLA of the new severity (opened + hours). Audited",
    tag: "cases",
    auth: "staff",
    permission: "cases.work",
    bankScoped: true,
    body: severityRequest,
    response: caseWriteResult,
    errors: { 409: { ...CLOSED, ...UNCHANGED, ...STALE } },
  }),
  snooze: defineRoute({
    method: "post",
    path: "/api/v1/cases/{caseId}/snooze",
    params: caseParams,
    summary: "Snooze a case until a moment (future, at most 90 days ahead): it leaves the queue until then or until something new happens on it; `until: null` wakes it. Audited",
    tag: "cases",
    auth: "staff",
    permission: "cases.work",
    bankScoped: true,
    body: snoozeRequest,
    response: caseWriteResult,
    errors: {
      409: { ...CLOSED, not_snoozed: "Waking a case that is not snoozed", ...STALE },
      422: { snooze_past: "`until` is not in the future", snooze_too_far: "`until` is more than 90 days ahead" },
    },
  }),
  incident: defineRoute({
    method: "post",
    path: "/api/v1/cases/{caseId}/incident",
    params: caseParams,
    summary: "Attach a case to an incident (by id or reference), or detach it (null). Audited",
    tag: "cases",
    auth: "staff",
    permission: "cases.work",
    bankScoped: true,
    body: incidentRequest,
    response: caseWriteResult,
    errors: { 409: { ...UNCHANGED, ...STALE }, 422: { unknown_incident: "No such incident (`incidentId`)" } },
  }),
  addNote: defineRoute({
    method: "post",
    path: "/api/v1/cases/{caseId}/notes",
    params: caseParams,
    summary: "Add a note (markdown, shown without raw HTML) to a case's timeline; bank operators and managers may too. Audited",
    tag: "cases",
    auth: "staff",
    permission: "cases.note",
    bankScoped: true,
    body: noteRequest,
    response: caseWriteResult,
    successStatus: 201,
    errors: { 409: STALE },
  }),
  markTransaction: defineRoute({
    method: "put",
    path: "/api/v1/cases/{caseId}/transactions/{transactionId}",
    params: z.object({ caseId: caseIdParam, transactionId: idParam }),
    summary:
      "Mark a transaction of the case's link, or of another link of the same wallet the caller may see, fraudulent or not; the case's loss is the sum of those marked fraudulent. Not on a closed case. Audited",
    tag: "cases",
    auth: "staff",
    permission: "cases.work",
    bankScoped: true,
    body: markRequest,
    response: caseWriteResult,
    errors: { 409: { ...CLOSED, ...UNCHANGED, ...STALE } },
  }),
  sla: defineRoute({
    method: "get",
    path: "/api/v1/cases/sla",
    summary: "The SLA: hours from a case's opening to its due date, per severity; canManage says whether the caller may change it",
    tag: "cases",
    auth: "staff",
    permission: "cases.read",
    response: slaPolicy,
  }),
  setSla: defineRoute({
    method: "put",
    path: "/api/v1/cases/sla",
    summary:
      "Set the SLA's hours per severity (1–2,160 each; all four). Cases opened, or raised in severity, from now on get due dates from it; open cases keep theirs. The carrier's managers only; audited (sla.changed, before and after)",
    tag: "cases",
    auth: "staff",
    permission: "rules.manage",
    body: slaChangeRequest,
    response: slaPolicy,
  }),
};
