import type { SQL } from "drizzle-orm";
import type { Queryable } from "@/db";
import { queryRows } from "@/db/seed/query";

/** The scale the seed tests use: 400 ordinary links, 4,000 ordinary transactions. */
export const TEST_SCALE = 0.02;

/** A fixed present for seeds that are compared with each other (the recent traffic is relative to it). */
export const SEED_NOW = new Date("2026-11-25T03:00:00Z");

export async function rows<T>(db: Queryable, query: SQL): Promise<T[]> {
  return queryRows<T>(db, query);
}

/** One row of numbers (count(*) comes back as a string on node-postgres: cast in SQL, Number() here). */
export async function numbers<K extends string>(db: Queryable, query: SQL): Promise<Record<K, number>> {
  const [row] = await queryRows<Record<K, string | number | null>>(db, query);
  if (!row) throw new Error("no row");
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? Number.NaN : Number(v)])) as Record<K, number>;
}
