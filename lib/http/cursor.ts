import { sql, type AnyColumn, type SQL } from "drizzle-orm";
import { z } from "zod";
import { AppError } from "@/lib/errors";

/**
 * The one keyset cursor of every list (accounts, a link's transactions, a bank's control history,
 * control requests, staff, API keys, the audit log): the sort key of the last row shown, as a JSON
 * array in base64url, opaque to callers. Each list says what its key holds (`decodeCursor`'s
 * fields); a cursor that is not one the list gave out is always the same answer: 422
 * problem+json with code `invalid_cursor`, naming the `cursor` query parameter.
 */

/** The code given for the `cursor` field. */
export const CURSOR_ERROR = "cursor";

export class InvalidCursor extends AppError {
  constructor(reason: string = CURSOR_ERROR) {
    super(422, "invalid_cursor", "The page cursor is not one this list gave out; start again from the first page.", { cursor: { code: reason } });
  }
}

/**
 * The `cursor` query parameter of every list: absent or blank means the first page. Any string
 * passes here; the list decodes it (decodeCursor) and refuses what it did not give out.
 */
export const cursorParam = z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.string().optional());

/** What a cursor's fields may be: an instant to the microsecond (UTC), a UUID, a short text, a whole number ≥ 0. */
interface FieldTypes {
  instant: string;
  uuid: string;
  text: string;
  count: number;
}
export type CursorField = keyof FieldTypes;
type Decoded<F extends readonly CursorField[]> = { -readonly [I in keyof F]: FieldTypes[F[I]] };

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const MAX_CURSOR = 400;
const MAX_TEXT = 100;

/** A real instant (no 30 February, no 24:00): Date.parse rolls those over, PostgreSQL refuses them. */
function isCalendarInstant(v: string): boolean {
  const t = Date.parse(v);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 19) === v.slice(0, 19);
}

function valid(field: CursorField, v: unknown): boolean {
  switch (field) {
    case "instant":
      return typeof v === "string" && INSTANT.test(v) && isCalendarInstant(v);
    case "uuid":
      return typeof v === "string" && UUID.test(v);
    case "text":
      return typeof v === "string" && v.length <= MAX_TEXT;
    case "count":
      return typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
  }
}

export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString("base64url");
}

/**
 * The values of a cursor, one per field in order (UUIDs in lower case); InvalidCursor when it is
 * not a cursor of that shape.
 */
export function decodeCursor<const F extends readonly CursorField[]>(cursor: string, fields: F): Decoded<F> {
  let v: unknown;
  try {
    if (cursor.length > MAX_CURSOR || !BASE64URL.test(cursor)) throw new InvalidCursor();
    v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new InvalidCursor();
  }
  if (!Array.isArray(v) || v.length !== fields.length || !fields.every((f, i) => valid(f, v[i]))) throw new InvalidCursor();
  return v.map((x, i) => (fields[i] === "uuid" ? (x as string).toLowerCase() : x)) as Decoded<F>;
}

/** A newest-first list's key: an instant and a tie-breaking text (a UUID, or a prefixed one). */
export interface InstantKey {
  at: string;
  key: string;
}

/** decodeCursor for the usual (instant, key) cursor; `key` a UUID or any short text. */
export function decodeInstantKey(cursor: string, key: "uuid" | "text" = "uuid"): InstantKey {
  const [at, k] = decodeCursor(cursor, ["instant", key]);
  return { at, key: k };
}

export function encodeInstantKey(c: InstantKey): string {
  return encodeCursor([c.at, c.key]);
}

/**
 * An instant as a cursor holds it: to the microsecond, as PostgreSQL does (a JS Date drops the
 * microseconds and would repeat or skip rows).
 */
export function isoMicros(column: AnyColumn | SQL): SQL<string> {
  return sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/**
 * Rows strictly after the cursor in (instant desc, key desc) order; undefined (no condition) on
 * the first page. `key` is compared as the cursor holds it: a uuid column against a UUID cursor,
 * a text expression against a text one.
 */
export function olderThan(instant: AnyColumn | SQL, key: AnyColumn | SQL, cursor: string | undefined, keyType: "uuid" | "text" = "uuid"): SQL | undefined {
  if (cursor === undefined) return undefined;
  const c = decodeInstantKey(cursor, keyType);
  return keyType === "uuid" ? sql`(${instant}, ${key}) < (${c.at}::timestamptz, ${c.key}::uuid)` : sql`(${instant}, ${key}) < (${c.at}::timestamptz, ${c.key})`;
}

/** Whether a string is a UUID (a cursor's uuid field; also the staff and API-key ids in paths). */
export function isUuid(s: string): boolean {
  return UUID.test(s);
}
