import { z } from "zod";
import { caseWriteResult } from "@/lib/cases/workflow-schemas";
import { defineRoute } from "@/lib/openapi/spec";
import { incidentReport, reportQuery } from "./report-schemas";
import { incidentAttachRequest, incidentCreateRequest, incidentDetail, incidentIdParam, incidentList, incidentUpdateRequest, incidentWriteResult } from "./schemas";

const incidentParams = z.object({ incidentId: incidentIdParam });

export const incidentsRoutes = {
  list: defineRoute({
    method: "get",
    path: "/api/v1/incidents",
    summary:
      "The incidents (campaigns), newest first (at most 200: a handful exist), each with its cases' figures in the caller's scope: cases, confirmed, open, loss, confirmed loss, reimbursed, outstanding, first and last fraud; banks hit for the carrier only",
    tag: "incidents",
    auth: "staff",
    permission: "cases.read",
    response: incidentList,
  }),
  create: defineRoute({
    method: "post",
    path: "/api/v1/incidents",
    summary:
      "Create an incident: title, description, the Japan-time day it started and its status; referenced INC-<year it started>-<next number>. The carrier's investigators and managers only; audited (incident.created)",
    tag: "incidents",
    auth: "staff",
    permission: "incidents.manage",
    body: incidentCreateRequest,
    response: incidentWriteResult,
    successStatus: 201,
  }),
  detail: defineRoute({
    method: "get",
    path: "/api/v1/incidents/{incidentId}",
    params: incidentParams,
    summary:
      "One incident by id or reference (INC-2020-001): its figures and one row per bank with cases (count, confirmed loss, reimbursed, outstanding, first and last fraud), the control changes at those banks on one timeline with the first fraud and each case's confirmation, and reimbursement progress (proposed, approved, paid, rejected: count and yen). A bank's staff get their bank's row and totals only",
    tag: "incidents",
    auth: "staff",
    permission: "cases.read",
    response: incidentDetail,
  }),
  update: defineRoute({
    method: "patch",
    path: "/api/v1/incidents/{incidentId}",
    params: incidentParams,
    summary:
      "Edit an incident's title, description, start day or status. The carrier's investigators and managers only; audited (incident.updated, what changed before and after); 409 unchanged when nothing would change",
    tag: "incidents",
    auth: "staff",
    permission: "incidents.manage",
    body: incidentUpdateRequest,
    response: incidentWriteResult,
    errors: { 409: { unchanged: "Every field given already has that value" } },
  }),
  attachCase: defineRoute({
    method: "post",
    path: "/api/v1/incidents/{incidentId}/cases",
    params: incidentParams,
    summary:
      "Attach a case (id or reference) to the incident, through the case's own write: versioned when `version` is given, on its timeline, audited (case.incident_attached). The carrier's investigators and managers only",
    tag: "incidents",
    auth: "staff",
    permission: "incidents.manage",
    body: incidentAttachRequest,
    response: caseWriteResult,
    errors: {
      409: { unchanged: "The case is already in this incident", stale_version: "The case changed since the version given" },
      422: { unknown_case: "No case with this id or reference in the caller's scope (`caseId`)" },
    },
  }),
  report: defineRoute({
    method: "get",
    path: "/api/v1/incidents/{incidentId}/report",
    params: incidentParams,
    query: reportQuery,
    summary:
      "The incident report from the live data, in the caller's scope (a bank's staff: their bank's cases, control changes and audit entries only): timeline (first fraud, each bank's first fraud, every control change from the period's start), damage per bank (with when its charges were suspended), victims' handling (cases by status and outcome, reimbursements proposed, approved, paid, refused, compensation rate), causes (what opened the cases, how the victims' links were verified), measures (control changes, rules switched on, the control changes' audit entries with their hashes) and the cases. `format=zip`: a bundle of report.json, banks/timeline/cases/victims/measures/audit CSV, manifest.json and SHA256SUMS; the same state gives the same bytes",
    tag: "incidents",
    auth: "staff",
    permission: "cases.read",
    response: incidentReport,
  }),
};
