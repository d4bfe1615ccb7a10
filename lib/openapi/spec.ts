import type { z } from "zod";
import type { ApiKeyScope } from "@/db/schema";
import type { Permission } from "@/lib/auth/policy";

/**
 * One /api/v1 operation as the OpenAPI document describes it. Each area lists its operations in
 * lib/<area>/openapi.ts with the same zod schemas its route handlers parse with; the document and
 * the access-matrix tests are generated from these lists.
 */
export interface RouteSpec {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** OpenAPI path, e.g. /api/v1/admin/users/{userId} */
  path: string;
  summary: string;
  tag: string;
  auth: "staff" | "service" | "staff_or_service" | "public";
  /** Staff permission required (lib/auth/policy.ts). */
  permission?: Permission;
  /** API-key scope required. */
  scope?: ApiKeyScope;
  /** True when the path names a row that belongs to one bank: another bank's id answers 404. */
  bankScoped?: boolean;
  body?: z.ZodType;
  query?: z.ZodType;
  response?: z.ZodType;
  /** Status of a success (default 200). */
  successStatus?: number;
  /** Response media type when not JSON (e.g. text/csv). */
  produces?: string;
}
