import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
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

/** The migrations' contents, which name the migrated templates below (a new migration, a new template). */
function migrationsDigest(): string {
  const dir = path.resolve(import.meta.dirname, "../../db/migrations");
  const h = crypto.createHash("sha256");
  // And PGlite's version: its data folder's format is its own.
  h.update(fs.readFileSync(path.resolve(import.meta.dirname, "../../node_modules/@electric-sql/pglite/package.json")));
  for (const f of fs.readdirSync(dir).sort()) if (f.endsWith(".sql") || f.endsWith(".json")) h.update(f).update(fs.readFileSync(path.join(dir, f)));
  for (const f of fs.existsSync(path.join(dir, "meta")) ? fs.readdirSync(path.join(dir, "meta")).sort() : []) h.update(f).update(fs.readFileSync(path.join(dir, "meta", f)));
  return h.digest("hex").slice(0, 12);
}

/**
 * A migrated, empty PGlite's data folder: a new database starts from it instead of running every
 * migration again (PGlite's own start, initdb, is most of the cost: about 1.4 s from the dump
 * against 4.6 s made and migrated, measured 7 December). Kept as a file named by the migrations,
 * so every test file (each has its own module state) shares the first one's; written whole, then
 * renamed into place, so a reader never sees half of one.
 */
let pgliteTemplate: Promise<Blob> | undefined;
function migratedPglite(): Promise<Blob> {
  return (pgliteTemplate ??= (async () => {
    const file = path.join(os.tmpdir(), `linkguard-test-pglite-${migrationsDigest()}.tar`);
    if (fs.existsSync(file)) return new Blob([fs.readFileSync(file)]);
    const handle = await openDatabase({ dataDir: "memory" });
    await migrateDatabase(handle);
    const client = (handle.db as unknown as { $client: { dumpDataDir(c: "none"): Promise<Blob> } }).$client;
    const dump = await client.dumpDataDir("none");
    await handle.close();
    const partial = `${file}.${process.pid}.partial`;
    fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(partial, file);
    return dump;
  })());
}

/**
 * The migrated, empty template database on the server, made once for these migrations by whichever
 * test process asks first (an advisory lock orders them); CREATE DATABASE … TEMPLATE copies it.
 * Templates of older migrations are dropped when a new one is made.
 */
let postgresTemplate: Promise<string> | undefined;
function migratedPostgres(url: string): Promise<string> {
  return (postgresTemplate ??= (async () => {
    const name = `lg_test_template_${migrationsDigest()}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query("select pg_advisory_lock(7413100)");
      const found = await admin.query<{ comment: string | null }>("select shobj_description(oid, 'pg_database') as comment from pg_database where datname = $1", [name]);
      if (found.rows[0]?.comment !== "migrated") {
        if (found.rowCount) await admin.query(`drop database ${name} with (force)`);
        for (const old of (await admin.query<{ datname: string }>("select datname from pg_database where datname like 'lg\_test\_template\_%' and datname <> $1", [name])).rows) {
          await admin.query(`drop database if exists ${old.datname} with (force)`).catch(() => undefined);
        }
        await admin.query(`create database ${name}`);
        const handle = await openDatabase({ url: withDatabase(url, name) });
        try {
          await migrateDatabase(handle);
        } finally {
          await handle.close();
        }
        await admin.query(`comment on database ${name} is 'migrated'`);
      }
      return name;
    } finally {
      await admin.query("select pg_advisory_unlock(7413100)").catch(() => undefined);
      await admin.end();
    }
  })());
}

/** A new, migrated, empty database: in-memory PGlite, or a throw-away database on the server. */
export async function freshDatabase(kind: DbKind, poolSize?: number): Promise<DatabaseHandle & { url?: string }> {
  if (kind === "pglite") return openDatabase({ dataDir: "memory", memoryFrom: await migratedPglite() });
  if (!POSTGRES_URL) throw new Error("TEST_DATABASE_URL is required for PostgreSQL tests");
  const template = await migratedPostgres(POSTGRES_URL);
  const name = `lg_test_${crypto.randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`create database ${name} template ${template}`);
  await admin.end();
  const url = withDatabase(POSTGRES_URL, name);
  const handle = await openDatabase({ url, poolSize });
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
