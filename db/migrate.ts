import path from "node:path";
import type { DatabaseHandle } from "./index";
import * as schema from "./schema";

const MIGRATIONS = path.join(/*turbopackIgnore: true*/ process.cwd(), "db", "migrations");
// Any fixed number: instances starting together run the migrations one at a time.
const MIGRATION_LOCK = 7_413_001;

export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  if (!handle.pool) {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await migrate(handle.db as any, { migrationsFolder: MIGRATIONS });
    return;
  }
  const { migrate } = await import("drizzle-orm/node-postgres/migrator");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  // A connection of its own without the pool's statement timeouts: building an index on a large
  // table may take longer than any request should.
  const { default: pg } = await import("pg");
  const options = handle.pool.options as import("pg").ClientConfig;
  const client = new pg.Client({ ...options, statement_timeout: 0, query_timeout: 0, idle_in_transaction_session_timeout: 0 });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await migrate(drizzle({ client, schema, casing: "snake_case" }), { migrationsFolder: MIGRATIONS });
  } finally {
    await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}
