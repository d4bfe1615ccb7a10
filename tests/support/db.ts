import crypto from "node:crypto";
import { afterAll, beforeAll, describe } from "vitest";
import pg from "pg";
import { openDatabase, setDatabase, type DatabaseHandle } from "@/db";
import { migrateDatabase } from "@/db/migrate";

export type DbKind = "pglite" | "postgres";

/** PostgreSQL is tested when TEST_DATABASE_URL is set (npm test sets it when a local server answers). */
export const POSTGRES_URL = process.env.TEST_DATABASE_URL || undefined;

export const DB_KINDS: DbKind[] = POSTGRES_URL ? ["pglite", "postgres"] : ["pglite"];

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A new, migrated, empty database: in-memory PGlite, or a throw-away database on the server. */
export async function freshDatabase(kind: DbKind, poolSize?: number): Promise<DatabaseHandle & { url?: string }> {
  if (kind === "pglite") {
    const handle = await openDatabase({ dataDir: "memory" });
    await migrateDatabase(handle);
    return handle;
  }
  if (!POSTGRES_URL) throw new Error("TEST_DATABASE_URL is required for PostgreSQL tests");
  const name = `lg_test_${crypto.randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = withDatabase(POSTGRES_URL, name);
  const handle = await openDatabase({ url, poolSize });
  await migrateDatabase(handle);
  return {
    ...handle,
    url,
    close: async () => {
      await handle.close();
      const a = new pg.Client({ connectionString: POSTGRES_URL });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/**
 * Runs a suite once per database kind, each with its own fresh database installed as the
 * process-wide one. `ctx.handle` is set before the suite's tests run.
 */
export function describeEachDb(name: string, body: (ctx: { handle: DatabaseHandle; kind: DbKind }) => void): void {
  for (const kind of DB_KINDS) {
    describe(`${name} [${kind}]`, () => {
      const ctx = { kind } as { handle: DatabaseHandle; kind: DbKind };
      beforeAll(async () => {
        ctx.handle = await freshDatabase(kind);
        setDatabase(ctx.handle);
      });
      afterAll(async () => {
        setDatabase(undefined);
        await ctx.handle?.close();
      });
      body(ctx);
    });
  }
}
