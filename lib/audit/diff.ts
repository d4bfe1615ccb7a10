/**
 * An entry's before and after as the fields that changed: what the audit page shows instead of two
 * JSON documents. Client-safe and pure; lib/audit/describe.ts puts the fields and values into words.
 */

export interface DiffRow {
  /** The field, dotted for one level of nesting: "state", "bulk.banks", "failures.account". */
  field: string;
  /** undefined: the field is not on that side. */
  before: unknown;
  after: unknown;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** A document's fields, an object one level down flattened into dotted names. */
function fields(doc: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (doc === null || doc === undefined) return out;
  if (!isRecord(doc)) {
    out.set("value", doc);
    return out;
  }
  for (const [k, v] of Object.entries(doc)) {
    if (isRecord(v) && Object.keys(v).length > 0 && Object.values(v).every((x) => !isRecord(x))) {
      for (const [k2, v2] of Object.entries(v)) out.set(`${k}.${k2}`, v2);
    } else {
      out.set(k, v);
    }
  }
  return out;
}

/** Nothing to say: absent, null, "", [] or {}. */
function blank(v: unknown): boolean {
  return v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0) || (isRecord(v) && Object.keys(v).length === 0);
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (isRecord(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical(v[k])]));
  return v;
}

/**
 * The fields whose value differs between before and after, in the order they first appear (before's
 * fields, then those only after has). A field equal on both sides is left out (the e-mail of a
 * person whose roles changed); so is one that is blank on both sides. An entry with only an after
 * (a creation, a sign-in's notice) lists every field of it that says something.
 */
export function auditDiff(before: unknown, after: unknown): DiffRow[] {
  const b = fields(before);
  const a = fields(after);
  const rows: DiffRow[] = [];
  for (const name of new Set([...b.keys(), ...a.keys()])) {
    const x = b.get(name);
    const y = a.get(name);
    if (blank(x) && blank(y)) continue;
    if (same(x, y)) continue;
    rows.push({ field: name, before: blank(x) ? undefined : x, after: blank(y) ? undefined : y });
  }
  return rows;
}
