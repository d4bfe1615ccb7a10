import { z } from "zod";
import { declaredProblems } from "./problems";
import { IDEMPOTENCY_KEY_PATTERN } from "@/lib/http/idempotency-key";
import type { RouteSpec } from "./spec";
import { authRoutes } from "@/lib/auth/openapi";
import { auditRoutes } from "@/lib/audit/openapi";
import { accountsRoutes } from "@/lib/accounts/openapi";
import { controlsRoutes } from "@/lib/controls/openapi";
import { decisionsRoutes } from "@/lib/decisions/openapi";
import { eventsRoutes } from "@/lib/events/openapi";
import { usersRoutes } from "@/lib/users/openapi";
import { apiKeysRoutes } from "@/lib/api-keys/openapi";
import { situationRoutes } from "@/lib/situation/openapi";
import { searchRoutes } from "@/lib/search/openapi";
import { casesRoutes } from "@/lib/cases/openapi";
import { rulesRoutes } from "@/lib/rules/openapi";
import { incidentsRoutes } from "@/lib/incidents/openapi";
import { analyticsRoutes } from "@/lib/analytics/openapi";
import { reimbursementsRoutes } from "@/lib/reimbursements/openapi";

/**
 * Every /api/v1 operation, from each area's declarations (the same objects its route handlers are
 * made from). An area adds its declarations here; tests check each route file is listed.
 */
export const ROUTES: RouteSpec[] = [authRoutes, auditRoutes, accountsRoutes, controlsRoutes, decisionsRoutes, eventsRoutes, usersRoutes, apiKeysRoutes, situationRoutes, searchRoutes, casesRoutes, rulesRoutes, incidentsRoutes, analyticsRoutes, reimbursementsRoutes].flatMap(
  (area): RouteSpec[] => Object.values(area),
);

const problem = {
  type: "object",
  required: ["type", "title", "status", "detail", "code", "requestId"],
  properties: {
    type: { type: "string" },
    title: { type: "string" },
    status: { type: "integer" },
    detail: { type: "string" },
    code: { type: "string" },
    requestId: { type: "string" },
    params: { type: "object", additionalProperties: { type: ["string", "number"] }, description: "what fills in the code's message, when it takes any" },
    errors: {
      type: "object",
      description:
        "field path (dot-separated) → why it was refused, as a machine code: zod's issue code (too_small, too_big, invalid_format, invalid_value, invalid_type, unrecognized_keys…) with its params (minimum, maximum, origin, format, values…), or the domain's (email_taken, unknown_bank, confirm_bank_code…)",
      additionalProperties: {
        type: "object",
        required: ["code"],
        properties: { code: { type: "string" }, params: { type: "object", additionalProperties: { type: ["string", "number"] } } },
      },
    },
  },
};

/** The Idempotency-Key header every POST accepts (lib/http/idempotency.ts), declared once and referenced by each. */
const idempotencyKeyParameter = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  description:
    "Makes a retried POST safe: the same caller sending the same key with the same method, path and body within 24 hours gets the first answer again (status and body, errors included; with `Idempotent-Replayed: true`) and nothing is done twice. " +
    "The same key with another request: 422 `idempotency_key_reused`; while the first request with the key is still running: 409 `idempotency_key_in_use` with `Retry-After`. " +
    "Nothing is kept for a request refused before it ran or refused for its input or the moment (400, 413, 415, 422, 429, 503): the corrected or retried request may reuse the key. " +
    "Keys are the caller's own (a staff member's, an API key's): another caller's same key is another key. Without a caller (the public enrolment) the key is checked and not kept. Use a new random key (a UUID) for each new request.",
  schema: { type: "string", minLength: 1, maxLength: 255, pattern: IDEMPOTENCY_KEY_PATTERN },
};

/** One error status of an operation: its problem codes, each with when it is answered (also as the schema's enum of `code`). */
function problemResponse(status: number, codes: Map<string, string>) {
  return {
    description: [...codes].map(([code, when]) => `\`${code}\`: ${when}`).join(". "),
    content: {
      "application/problem+json": {
        schema: { allOf: [{ $ref: "#/components/schemas/Problem" }, { properties: { status: { const: status }, code: { enum: [...codes.keys()] } } }] },
      },
    },
  };
}

function schemaOf(s: z.ZodType, io: "input" | "output") {
  const json = z.toJSONSchema(s, { io, unrepresentable: "any" }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

function queryParameters(s: z.ZodType) {
  const json = schemaOf(s, "input") as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, schema]) => ({
    name,
    in: "query",
    required: json.required?.includes(name) ?? false,
    schema,
  }));
}

/** A one-file multipart/form-data body (an `upload` route). */
function uploadBody(u: NonNullable<RouteSpec["upload"]>) {
  return {
    required: true,
    content: {
      "multipart/form-data": {
        schema: {
          type: "object",
          required: [u.field],
          properties: { [u.field]: { type: "string", format: "binary", contentMediaType: "application/octet-stream", maxLength: u.maxBytes, description: u.description } },
        },
      },
    },
  };
}

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of ROUTES) {
    const paramSchemas = (r.params ? (schemaOf(r.params, "input") as { properties?: Record<string, unknown> }).properties : undefined) ?? {};
    const pathParams = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: paramSchemas[m[1]!] ?? { type: "string" } }));
    const errors: Record<string, unknown> = {};
    for (const [status, codes] of [...declaredProblems(r)].sort(([a], [b]) => a - b)) errors[String(status)] = problemResponse(status, codes);
    paths[r.path] ??= {};
    paths[r.path]![r.method] = {
      summary: r.summary,
      tags: [r.tag],
      operationId: `${r.method}${r.path.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
      security: r.auth === "public" ? [] : r.auth === "service" ? [{ apiKey: [] }] : r.auth === "staff" ? [{ session: [] }] : [{ session: [] }, { apiKey: [] }],
      ...(r.permission ? { "x-permission": r.permission } : {}),
      ...(r.scope ? { "x-scope": r.scope } : {}),
      ...(r.bankScoped ? { "x-bank-scoped": true } : {}),
      parameters: [...pathParams, ...(r.query ? queryParameters(r.query) : []), ...(r.method === "post" ? [{ $ref: "#/components/parameters/IdempotencyKey" }] : [])],
      ...(r.body ? { requestBody: { required: true, content: { "application/json": { schema: schemaOf(r.body, "input") } } } } : {}),
      ...(r.upload ? { requestBody: uploadBody(r.upload) } : {}),
      responses: {
        [String(r.successStatus ?? 200)]: {
          description: "Success",
          content: { [r.produces ?? "application/json"]: { schema: r.response ? schemaOf(r.response, "output") : { type: "object" } } },
        },
        ...errors,
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Linkguard API",
      version: "1.0.0",
      description:
        "The one API of the Linkguard console: the UI, the wallet platform and bank systems use it alike. Errors are application/problem+json with a request id; every answer carries it in X-Request-Id. Lists page by keyset: pass a page's nextCursor as \`cursor\`. " +
        "The wallet platform's operations (POST /api/v1/decisions, /api/v1/decisions/batch, /api/v1/events) are also answered, identically, by the wallet platform's API server (npm run serve:api, its own process and port) on PostgreSQL deployments.",
    },
    servers: [{ url: "/", description: "the console (every operation)" }],
    paths,
    components: {
      schemas: { Problem: problem },
      parameters: { IdempotencyKey: idempotencyKeyParameter },
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "authjs.session-token", description: "Staff session (sign in with password + TOTP)" },
        apiKey: { type: "http", scheme: "bearer", description: "Service API key (lg_…), issued by an administrator" },
      },
    },
  };
}
