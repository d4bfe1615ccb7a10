import type { APIRequestContext } from "@playwright/test";

/** The parts of the server's OpenAPI document (lib/openapi/document.ts) the matrix reads. */
export interface JsonSchema {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  default?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
}

interface Parameter {
  name: string;
  in: "path" | "query";
  required?: boolean;
  schema?: JsonSchema;
}

interface OperationObject {
  operationId: string;
  security?: Record<string, string[]>[];
  "x-permission"?: string;
  "x-scope"?: string;
  "x-bank-scoped"?: boolean;
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

export interface Operation {
  id: string;
  method: "get" | "post" | "put" | "patch" | "delete";
  /** The OpenAPI path, e.g. /api/v1/admin/users/{userId}. */
  path: string;
  /** "public", "staff", "service" or "staff_or_service", read from `security`. */
  auth: "public" | "staff" | "service" | "staff_or_service";
  permission?: string;
  scope?: string;
  /** The path names a row of one bank: another bank's staff get 404 for it. */
  bankScoped: boolean;
  pathParams: string[];
  /** The path parameters' schemas, by name (an enum's first value is a placeholder the route accepts). */
  pathSchemas: Record<string, JsonSchema | undefined>;
  requiredQuery: Parameter[];
  body?: JsonSchema;
  /** "GET /api/v1/me" */
  label: string;
}

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

export async function loadOperations(api: APIRequestContext): Promise<Operation[]> {
  const res = await api.get("/api/v1/openapi.json");
  if (res.status() !== 200) throw new Error(`GET /api/v1/openapi.json answered ${res.status()}`);
  const doc = (await res.json()) as { paths: Record<string, Partial<Record<(typeof METHODS)[number], OperationObject>>> };
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const schemes = new Set((op.security ?? []).flatMap((s) => Object.keys(s)));
      const auth = schemes.size === 0 ? "public" : schemes.has("session") && schemes.has("apiKey") ? "staff_or_service" : schemes.has("apiKey") ? "service" : "staff";
      ops.push({
        id: op.operationId,
        method,
        path,
        auth,
        permission: op["x-permission"],
        scope: op["x-scope"],
        bankScoped: op["x-bank-scoped"] === true,
        pathParams: (op.parameters ?? []).filter((p) => p.in === "path").map((p) => p.name),
        pathSchemas: Object.fromEntries((op.parameters ?? []).filter((p) => p.in === "path").map((p) => [p.name, p.schema])),
        requiredQuery: (op.parameters ?? []).filter((p) => p.in === "query" && p.required),
        body: op.requestBody?.content?.["application/json"]?.schema,
        label: `${method.toUpperCase()} ${path}`,
      });
    }
  }
  return ops;
}

export function isMutation(op: Operation): boolean {
  return op.method !== "get";
}
