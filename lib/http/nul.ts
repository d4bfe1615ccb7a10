import { fieldError, Invalid, type FieldErrors } from "@/lib/errors";

/**
 * U+0000 in input. PostgreSQL's text cannot hold it, so text that carries it failed at the database
 * as a 500 (found by tests/api/fuzz.test.ts); the pipeline refuses it instead, naming each place:
 * in a JSON body here, in the query string in ./query.ts.
 */
export const NUL = "\u0000";
/** The field code of text holding U+0000. */
export const NUL_REASON = "nul";

/** Throws Invalid (422) naming every string and key of `value` that holds U+0000. */
export function refuseNul(value: unknown): void {
  const fields: FieldErrors = {};
  const walk = (v: unknown, path: string[]): void => {
    if (typeof v === "string") {
      if (v.includes(NUL)) fields[path.join(".") || "body"] = fieldError(NUL_REASON);
    } else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (k.includes(NUL)) fields[[...path, k].join(".")] = fieldError(NUL_REASON);
        walk(x, [...path, k]);
      }
    }
  };
  walk(value, []);
  if (Object.keys(fields).length) throw new Invalid("Some fields are not valid.", fields);
}
