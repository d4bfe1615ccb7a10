import { z } from "zod";
import type { ApiKeyScope } from "@/db/schema";
import type { Permission } from "@/lib/auth/policy";
import { isUuid } from "@/lib/http/cursor";

/** Who may call an operation: signed-in staff, service API keys, either, or anyone. */
export type AuthMode = "staff" | "service" | "staff_or_service" | "public";

/**
 * One /api/v1 operation, declared once: the route handler (lib/http/route.ts `apiRoute(spec, …)`)
 * runs from it, and the OpenAPI document (./document.ts), the access matrix and the API fuzz are
 * generated from it. Each area declares its operations in lib/<area>/openapi.ts with `defineRoute`.
 */
export interface RouteSpec<
  M extends AuthMode = AuthMode,
  P extends z.ZodType | undefined = z.ZodType | undefined,
  Q extends z.ZodType | undefined = z.ZodType | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
> {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** OpenAPI path, e.g. /api/v1/admin/users/{userId} */
  path: string;
  summary: string;
  tag: string;
  auth: M;
  /** Staff permission required (lib/auth/policy.ts). */
  permission?: Permission;
  /** API-key scope required. */
  scope?: ApiKeyScope;
  /** True when the path names a row that belongs to one bank: another bank's id answers 404. */
  bankScoped?: boolean;
  /**
   * The path's parameters: an object schema with one field per `{name}` in `path`. A value it
   * refuses names nothing: 404.
   */
  params?: P;
  query?: Q;
  body?: B;
  response?: z.ZodType;
  /** Status of a success (default 200); a handler's plain value is sent with it. */
  successStatus?: number;
  /** Response media type when not JSON (e.g. text/csv). */
  produces?: string;
  /**
   * The problems its service answers beyond those the declaration implies (./problems.ts derives
   * 401/403 from `auth`, 404 from the path, 422/400/413/415 from query and body, 503 for all):
   * status → problem code → when. The OpenAPI document lists them; the API fuzz fails on an answer
   * that is not declared.
   */
  errors?: Partial<Record<number, Record<string, string>>>;
  /** Largest JSON body accepted, in bytes (default 256 KiB); larger is 413. */
  maxBodyBytes?: number;
  /**
   * The operation takes one file as multipart/form-data instead of a JSON body (`body` is then
   * absent): the handler reads it with `upload()`, streamed, hashed, and refused with 413
   * `tooLargeCode` as soon as it passes `maxBytes` (lib/http/multipart.ts). The document shows the
   * multipart body with this field.
   */
  upload?: UploadSpec;
  /**
   * Hot paths (the decision API): log one in `logEvery` successful requests (the line carries
   * `sampled: n`); errors are always logged. Default 1: every request.
   */
  logEvery?: number;
}

export interface UploadSpec {
  /** The form field carrying the file. */
  field: string;
  maxBytes: number;
  /** The problem code of a file over `maxBytes` (413), e.g. `evidence_too_large`. */
  tooLargeCode: string;
  /** What the file is and which kinds are accepted (the document shows it). */
  description: string;
}

/** A row's id in a path: a UUID (the one rule, lib/http/cursor.ts); anything else names no row. */
export const idParam = z.string().refine(isUuid, "A UUID.").meta({ format: "uuid" });

/** An operation's declaration, its schemas' types kept for the handler (`apiRoute`). */
export function defineRoute<
  const M extends AuthMode,
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(spec: RouteSpec<M, P, Q, B>): RouteSpec<M, P, Q, B> {
  return spec;
}
