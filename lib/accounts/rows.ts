import "server-only";
import type { SQL } from "drizzle-orm";
import type { Queryable } from "@/db";

/** The rows of a raw query; both drivers (node-postgres, PGlite) answer `{ rows }`. */
export async function queryRows<T extends Record<string, unknown>>(db: Queryable, query: SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}
