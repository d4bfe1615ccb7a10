import type { SQL } from "drizzle-orm";
import type { Queryable } from "../index";

/** Rows of a raw query on either driver (node-postgres and PGlite both answer with `rows`). */
export async function queryRows<T>(db: Queryable, query: SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}
