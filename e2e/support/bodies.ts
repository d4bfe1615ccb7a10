import crypto from "node:crypto";
import type { JsonSchema, Operation } from "./openapi";

/**
 * Bodies the generic generator cannot derive from the JSON schema (rules zod checks with refine,
 * which the document cannot express). Keyed by operationId.
 */
export const BODY_OVERRIDES: Record<string, unknown> = {
  // toState must tighten (refine): "open" would be refused as invalid input before the access check.
  // assigneeId is a UUID (refine): a made-up string would be refused as invalid input before the access check.
  postApiV1CasesCaseIdAssign: { assigneeId: "00000000-0000-4000-8000-000000000000", reason: "Access matrix check (e2e)", version: 1 },
  // The named cases' ids are UUIDs (refine): the generated string would be refused before the access check.
  postApiV1CasesBulk: { action: "snooze", target: { ids: [{ id: "00000000-0000-4000-8000-000000000000", version: 1 }] }, until: "2031-01-01T00:00:00.000Z" },
  // An incident edit must change something (refine); an attachment names a case by reference.
  patchApiV1IncidentsIncidentId: { status: "contained" },
  postApiV1IncidentsIncidentIdCases: { caseId: "C-2020-0001" },
  // A payout batch names reimbursements by UUID (a made-up string is refused as invalid input before the access check).
  postApiV1PayoutBatches: { transferDate: "2020-09-01", lines: [{ reimbursementId: "00000000-0000-4000-8000-000000000000", accountNumber: "0108234" }] },
  postApiV1ControlsBulkTighten: { bankCodes: ["0108"], control: "registrations", toState: "suspended", reason: "Access matrix check (e2e)", confirmCount: 1 },
};

const TEXT_CANDIDATES = ["Access matrix check (e2e)", "0108", "012", "x", "マトリクス テスト", "2020-09-01"];

/** A string for the common digit-run patterns: ^[0-9]{7}$, ^\d{4}$, ^\d{3,7}$. */
function digitsFor(pattern: string): string | undefined {
  const m = /^\^(?:\[0-9\]|\\d)\{(\d+)(?:,\d*)?\}\$$/.exec(pattern);
  return m ? "0108234567890".repeat(3).slice(0, Number(m[1])) : undefined;
}

function matchesText(s: JsonSchema, v: string): boolean {
  if (s.minLength !== undefined && v.length < s.minLength) return false;
  if (s.maxLength !== undefined && v.length > s.maxLength) return false;
  if (s.pattern && !new RegExp(s.pattern).test(v)) return false;
  return true;
}

/** A small value the schema accepts, or an error naming where the generator gave up. */
export function sampleOf(s: JsonSchema, where: string): unknown {
  if (s.const !== undefined) return s.const;
  if (s.default !== undefined) return s.default;
  if (s.enum?.length) return s.enum[0];
  const options = s.anyOf ?? s.oneOf;
  if (options?.length) {
    const nullable = options.find((o) => o.type === "null");
    return nullable ? null : sampleOf(options[0]!, where);
  }
  if (s.allOf?.length) return sampleOf(s.allOf[0]!, where);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  switch (type) {
    case "object": {
      // Every property, optional ones too: some schemas need at least one of several optional fields.
      const out: Record<string, unknown> = {};
      for (const [name, prop] of Object.entries(s.properties ?? {})) out[name] = sampleOf(prop, `${where}.${name}`);
      return out;
    }
    case "array":
      return Array.from({ length: Math.max(1, s.minItems ?? 1) }, (_, i) => sampleOf(s.items ?? {}, `${where}[${i}]`));
    case "string": {
      // Some checks (zod pipes) do not show in the document: the field's name tells an e-mail.
      if (s.format === "email" || /email$/i.test(where)) return "matrix-check@example.com";
      if (s.format === "date-time") return "2031-01-01T00:00:00.000Z";
      if (s.format === "uuid") return crypto.randomUUID();
      const candidates = [...(s.pattern ? [digitsFor(s.pattern)].filter((v) => v !== undefined) : []), ...TEXT_CANDIDATES];
      const text = candidates.find((v) => matchesText(s, v)) ?? (s.minLength ? "x".repeat(s.minLength) : undefined);
      if (text === undefined || !matchesText(s, text)) throw new Error(`no sample string for ${where} (${JSON.stringify(s)})`);
      return text;
    }
    case "integer":
    case "number": {
      let v = 1;
      if (s.minimum !== undefined && v < s.minimum) v = s.minimum;
      if (s.exclusiveMinimum !== undefined && v <= s.exclusiveMinimum) v = s.exclusiveMinimum + 1;
      if (s.maximum !== undefined && v > s.maximum) v = s.maximum;
      return v;
    }
    case "boolean":
      return false;
    case "null":
      return null;
    default:
      return {};
  }
}

/** A body that passes the operation's input validation, so the access check is what answers. */
export function bodyFor(op: Operation): unknown {
  if (op.id in BODY_OVERRIDES) return BODY_OVERRIDES[op.id];
  if (!op.body) return undefined;
  try {
    return sampleOf(op.body, "body");
  } catch (e) {
    throw new Error(`${op.label}: ${(e as Error).message}. Add a body for operationId ${op.id} to BODY_OVERRIDES in e2e/support/bodies.ts.`);
  }
}

/** Values for the query parameters the operation requires. */
export function queryFor(op: Operation): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of op.requiredQuery) {
    const v = sampleOf(p.schema ?? { type: "string" }, `query.${p.name}`);
    out[p.name] = String(v);
  }
  return out;
}
