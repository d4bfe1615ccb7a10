import "server-only";
import crypto from "node:crypto";
import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { DatabaseHandle, Queryable } from "@/db";

/** The rows of a raw query; both drivers (node-postgres, PGlite) answer `{ rows }`. */
export async function queryRows<T extends Record<string, unknown>>(db: Queryable, query: SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}

const dialect = new PgDialect({ casing: "snake_case" });

/**
 * The rows of a raw query that a request runs again and again with other values (outside a
 * transaction): on PostgreSQL a named prepared statement (node-postgres prepares it once on each
 * of the pool's connections, and PostgreSQL keeps its plan), on PGlite the same as queryRows. For
 * statements whose planning costs more than running them (the case file's one statement was
 * about 4 ms of planning each time against well under 1 ms of work). The name is the text's hash,
 * so each shape of the statement is prepared apart. Columns come back as node-postgres parses
 * them (json parsed, timestamps as Dates): select text or json.
 */
export async function queryPreparedRows<T extends Record<string, unknown>>(handle: DatabaseHandle, query: SQL): Promise<T[]> {
  if (!handle.pool) return queryRows<T>(handle.db, query);
  const { sql: text, params } = dialect.sqlToQuery(query);
  const name = `lg_${crypto.createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
  const res = await handle.pool.query<T>({ name, text, values: params as unknown[] });
  return res.rows;
}
