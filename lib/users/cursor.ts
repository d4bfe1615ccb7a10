import "server-only";
import { sql, type AnyColumn, type SQL } from "drizzle-orm";
import { Invalid } from "@/lib/errors";
import { STAFF_FIELD_ERRORS } from "./schemas";

/**
 * Keyset cursors over (created_at, id), newest first. The instant is kept to the microsecond, as
 * PostgreSQL holds it: a JS Date drops the microseconds and would repeat or skip rows.
 */
export function isoMicros(column: AnyColumn): SQL<string> {
  return sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

export interface Cursor {
  at: string;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.at, c.id])).toString("base64url");
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function decodeCursor(s: string): Cursor {
  try {
    const [at, id] = JSON.parse(Buffer.from(s, "base64url").toString("utf8")) as unknown[];
    if (typeof at === "string" && typeof id === "string" && INSTANT.test(at) && UUID.test(id)) return { at, id };
  } catch {
    /* fall through */
  }
  throw new Invalid("The page cursor is not one this API gave out.", { cursor: STAFF_FIELD_ERRORS.cursor });
}

/** Rows strictly after the cursor in (created_at desc, id desc) order. */
export function afterCursor(createdAt: AnyColumn, id: AnyColumn, cursor: string | undefined): SQL | undefined {
  if (!cursor) return undefined;
  const c = decodeCursor(cursor);
  return sql`(${createdAt}, ${id}) < (${c.at}::timestamptz, ${c.id}::uuid)`;
}

export function isUuid(s: string): boolean {
  return UUID.test(s);
}
