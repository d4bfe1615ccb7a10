import type { z } from "zod";
import { AppError, fieldError, type FieldErrors } from "@/lib/errors";
import { NUL, NUL_REASON } from "./nul";

/**
 * The query string as the object a route's zod schema parses: the one place every route's query
 * goes through (lib/http/route.ts). Two things the schemas cannot see are refused here, for every
 * route at once, with 422 `invalid_query` naming each parameter:
 * - a parameter given twice (`?status=open&status=all`): URLSearchParams would keep one silently,
 *   and which one is an accident of the parser; no query parameter takes several values today;
 * - a number that is not plain decimal (`limit=0x10`, `1e2`, ` 10`, `Infinity`): `z.coerce.number`
 *   is JavaScript's Number(), which reads all of those;
 * - U+0000 (`%00`) in a name or value (./nul.ts).
 */

/** The reasons, for clients and the console's catalogue to match. */
export const QUERY_ERRORS = {
  repeated: "repeated",
  notDecimal: "not_decimal",
} as const;

export class InvalidQuery extends AppError {
  constructor(fields: FieldErrors) {
    super(422, "invalid_query", `The query string is not valid: ${Object.keys(fields).join(", ")}.`, fields);
  }
}

const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;

interface ZodInternals {
  _zod: { def: { type: string; coerce?: boolean; innerType?: unknown; in?: unknown; out?: unknown; options?: unknown[]; shape?: Record<string, unknown> } };
}

/** Whether what a schema finally parses is a number (through optional, default, preprocess, pipes, unions). */
function parsesNumber(schema: unknown, depth = 0): boolean {
  const def = (schema as ZodInternals | undefined)?._zod?.def;
  if (!def || depth > 20) return false;
  switch (def.type) {
    case "number":
    case "bigint":
    case "int":
      return true;
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "catch":
    case "readonly":
    case "nonoptional":
      return parsesNumber(def.innerType, depth + 1);
    case "pipe":
      // z.preprocess(fn, s) is a pipe from a transform into s; s.transform(fn) a pipe from s.
      return parsesNumber(def.out, depth + 1) || parsesNumber(def.in, depth + 1);
    case "union":
      return (def.options ?? []).some((o) => parsesNumber(o, depth + 1));
    default:
      return false;
  }
}

/** The object schema's shape, through refinements and pipes; undefined when it is not an object. */
function shapeOf(schema: unknown, depth = 0): Record<string, unknown> | undefined {
  const def = (schema as ZodInternals | undefined)?._zod?.def;
  if (!def || depth > 20) return undefined;
  if (def.type === "object") return def.shape;
  if (def.type === "pipe") return shapeOf(def.in, depth + 1) ?? shapeOf(def.out, depth + 1);
  if (def.innerType) return shapeOf(def.innerType, depth + 1);
  return undefined;
}

const numericKeysOf = new WeakMap<object, Set<string>>();

function numericKeys(schema: z.ZodType): Set<string> {
  let keys = numericKeysOf.get(schema);
  if (!keys) {
    const shape = shapeOf(schema) ?? {};
    keys = new Set(Object.keys(shape).filter((k) => parsesNumber(shape[k])));
    numericKeysOf.set(schema, keys);
  }
  return keys;
}

/** `search` without "?"; throws InvalidQuery for a repeated parameter or a number that is not plain decimal. */
export function queryObject(search: string, schema: z.ZodType): Record<string, string> {
  const out: Record<string, string> = {};
  let fields: FieldErrors | undefined;
  const numbers = numericKeys(schema);
  for (const [key, value] of new URLSearchParams(search)) {
    if (Object.hasOwn(out, key)) (fields ??= {})[key] = fieldError(QUERY_ERRORS.repeated);
    else if (numbers.has(key) && value !== "" && !PLAIN_DECIMAL.test(value)) (fields ??= {})[key] = fieldError(QUERY_ERRORS.notDecimal);
    else if (key.includes(NUL) || value.includes(NUL)) (fields ??= {})[key] = fieldError(NUL_REASON);
    out[key] = value;
  }
  if (fields) throw new InvalidQuery(fields);
  return out;
}
