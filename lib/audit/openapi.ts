import { z } from "zod";
import { defineRoute } from "@/lib/openapi/spec";
import { auditFilters, auditListQuery, auditPage, verifyResponse } from "./schemas";

export const auditRoutes = {
  list: defineRoute({
    method: "get",
    path: "/api/v1/audit",
    summary: "Audit entries in the caller's scope, newest first; keyset pages of 50 (pass nextCursor as cursor), no total",
    tag: "audit",
    auth: "staff",
    permission: "audit.read",
    query: auditListQuery,
    response: auditPage,
  }),
  export: defineRoute({
    method: "get",
    path: "/api/v1/audit/export",
    summary: "The filtered audit entries as CSV (UTF-8 with BOM, Japan-time and UTC timestamps, no row cap); the export is audited",
    tag: "audit",
    auth: "staff",
    permission: "audit.read",
    query: auditFilters,
    response: z.string(),
    produces: "text/csv",
  }),
  verify: defineRoute({
    method: "post",
    path: "/api/v1/audit/verify",
    summary: "Verify the whole hash chain (auditors only): intact with a count, or the first broken entry; the run is audited",
    tag: "audit",
    auth: "staff",
    permission: "audit.verify",
    response: verifyResponse,
  }),
};
