import { z } from "zod";
import { defineRoute } from "@/lib/openapi/spec";
import { incidentDetail, incidentIdParam, incidentList } from "./schemas";

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
  detail: defineRoute({
    method: "get",
    path: "/api/v1/incidents/{incidentId}",
    params: z.object({ incidentId: incidentIdParam }),
    summary:
      "One incident by id or reference (INC-2020-001): its figures and one row per bank with cases (count, confirmed loss, reimbursed, outstanding, first and last fraud), the control changes at those banks on one timeline with the first fraud and each case's confirmation, and reimbursement progress (proposed, approved, paid, rejected: count and yen). A bank's staff get their bank's row and totals only",
    tag: "incidents",
    auth: "staff",
    permission: "cases.read",
    response: incidentDetail,
  }),
};
