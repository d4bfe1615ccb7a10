import { sql, type AnyColumn, type SQL } from "drizzle-orm";
import { BadRequest } from "@/lib/errors";

/**
 * Keyset cursors: the last row's instant (to the microsecond, as PostgreSQL holds it: a JS Date
 * would drop the microseconds and repeat or skip rows) and a tie-breaking key.
 */
export function isoMicros(column: AnyColumn | SQL): SQL<string> {
  return sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

export interface Cursor {
  at: string;
  key: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.at, c.key])).toString("base64url");
}

export function decodeCursor(s: string): Cursor {
  try {
    const [at, key] = JSON.parse(Buffer.from(s, "base64url").toString("utf8")) as unknown[];
    if (typeof at === "string" && typeof key === "string" && /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(at) && key.length <= 100) return { at, key };
  } catch {
    /* fall through */
  }
  throw new BadRequest("The cursor is not one this API gave out.", { cursor: "Not a valid cursor." });
}
