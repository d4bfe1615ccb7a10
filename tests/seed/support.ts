import { sql, type SQL } from "drizzle-orm";
import { INCIDENT_REFERENCE } from "@/db/seed/cases";
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

/**
 * The story's cases (incident INC-2020-001), as a subquery to alias (`from ${STORY_CASES} c`): the
 * live queue of the recent days sits beside them in the same table (db/seed/live-queue.ts).
 */
export const STORY_CASES = sql`(select c.* from cases c join incidents i on i.id = c.incident_id where i.reference = ${INCIDENT_REFERENCE})`;

/** The story's last day (Japan time), for rollups: the live queue's days come years later. */
export const STORY_DAY = "2020-09-14";
