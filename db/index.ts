import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { isDatabaseUnavailable } from "../lib/errors";
import * as schema from "./schema";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Either the database or an open transaction: service functions accept both. */
export type Queryable = Db | Tx;

export interface DatabaseHandle {
  db: Db;
  driver: "pglite" | "postgres";
  /** The node-postgres pool, when on PostgreSQL (for session-level locks and LISTEN). */
  pool?: import("pg").Pool;
  close(): Promise<void>;
}

export class DatabaseLockedError extends Error {
  constructor(
    public readonly folder: string,
    public readonly holder: string,
  ) {
    super(
      `The embedded database in ${folder} is already open in another process (${holder}). ` +
        `Only one process may open it: stop that process, or set DATABASE_URL to use PostgreSQL.`,
    );
    this.name = "DatabaseLockedError";
  }
}

const DRIZZLE_OPTIONS = { schema, casing: "snake_case" as const };

export function defaultDataDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.LINKGUARD_DATA_DIR ?? path.join(process.cwd(), "data"));
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Two processes writing one PGlite folder lose writes silently, so the folder is owned by one
 * process through an exclusive lock file. A lock left by a dead process is taken over.
 */
function acquireFolderLock(folder: string): () => void {
  fs.mkdirSync(path.dirname(folder), { recursive: true });
  const lockPath = `${folder}.lock`;
  const me = { pid: process.pid, host: os.hostname(), since: new Date().toISOString(), cmd: process.argv.slice(1, 3).join(" ") };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, JSON.stringify(me), { flag: "wx" });
      const release = () => {
        try {
          const held = JSON.parse(fs.readFileSync(lockPath, "utf8")) as { pid: number };
          if (held.pid === process.pid) fs.unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
      process.once("exit", release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      let held: { pid?: number; host?: string; since?: string; cmd?: string } = {};
      try {
        held = JSON.parse(fs.readFileSync(lockPath, "utf8"));
      } catch {
        /* unreadable: treat as stale below */
      }
      const sameHost = !held.host || held.host === os.hostname();
      if (held.pid && sameHost && processAlive(held.pid) && held.pid !== process.pid) {
        throw new DatabaseLockedError(folder, `pid ${held.pid}${held.cmd ? ` "${held.cmd}"` : ""} since ${held.since ?? "?"}`);
      }
      if (held.pid && !sameHost) {
        throw new DatabaseLockedError(folder, `pid ${held.pid} on host ${held.host}`);
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new DatabaseLockedError(folder, "unknown holder");
}

/**
 * PGlite writes a new database folder in steps, and a process killed between two of them (after
 * PG_VERSION, before the config files) leaves a folder that never opens again. So a new database is
 * made beside its place (`<folder>.creating`), closed, and renamed into place: a crash leaves either
 * no database (the next start makes it again, removing the unfinished one) or a whole one.
 * The caller holds the folder's lock. A folder that already holds files is left to PGlite as it is.
 */
async function createFolderWhole(folder: string, PGlite: typeof import("@electric-sql/pglite").PGlite): Promise<void> {
  if (fs.existsSync(path.join(folder, "PG_VERSION"))) return;
  let emptyPlace = false;
  try {
    if (fs.readdirSync(folder).length > 0) return;
    emptyPlace = true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  const making = `${folder}.creating`;
  fs.rmSync(making, { recursive: true, force: true });
  const fresh = await PGlite.create(making);
  await fresh.close();
  try {
    if (emptyPlace) fs.rmdirSync(folder);
    fs.renameSync(making, folder);
  } catch (e) {
    // An empty mount point cannot be replaced: PGlite creates the database in it, as before.
    fs.rmSync(making, { recursive: true, force: true });
    if (!emptyPlace) throw e;
    return;
  }
  // The rename is durable once the folder that holds it is written out.
  const parent = fs.openSync(path.dirname(folder), "r");
  try {
    fs.fsyncSync(parent);
  } finally {
    fs.closeSync(parent);
  }
}

export interface OpenOptions {
  /** A PostgreSQL URL; without it, PGlite. */
  url?: string;
  /** PGlite folder; "memory" for an in-memory database. */
  dataDir?: string | "memory";
  /** An in-memory PGlite's starting contents: a dump of another's data folder (PGlite's dumpDataDir). */
  memoryFrom?: Blob;
  poolSize?: number;
  /**
   * PostgreSQL: the statement timeout in ms (default LINKGUARD_DB_STATEMENT_TIMEOUT_MS, 10000);
   * 0 for none (the seed's bulk writes). See postgresTimeouts().
   */
  statementTimeoutMs?: number;
}

function envNumber(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return process.env[name] !== undefined && Number.isFinite(v) && v >= 0 ? v : fallback;
}

/**
 * Every call to PostgreSQL is bounded, so a database that refuses, never answers or is cut off
 * turns into an error (a 503) instead of a hang:
 *  - connecting, or waiting for a free connection of the pool: LINKGUARD_DB_CONNECT_TIMEOUT_MS
 *    (default 3000);
 *  - a statement: LINKGUARD_DB_STATEMENT_TIMEOUT_MS (default 10000) on the server
 *    (statement_timeout), and the same plus one second on the client (query_timeout), for a network
 *    that never delivers the answer at all; an open transaction left idle: the same on the server.
 * PGlite runs in this process: no connection to lose, and a statement cannot be timed out.
 */
export function postgresTimeouts(statementTimeoutMs?: number) {
  const statement = statementTimeoutMs ?? envNumber("LINKGUARD_DB_STATEMENT_TIMEOUT_MS", 10_000);
  return {
    connectionTimeoutMillis: envNumber("LINKGUARD_DB_CONNECT_TIMEOUT_MS", 3_000) || 3_000,
    keepAlive: true,
    ...(statement > 0
      ? { statement_timeout: statement, query_timeout: statement + 1_000, idle_in_transaction_session_timeout: statement }
      : {}),
  };
}

export async function openDatabase(opts: OpenOptions = {}): Promise<DatabaseHandle> {
  if (opts.url) {
    const { Pool } = await import("pg");
    const { drizzle } = await import("drizzle-orm/node-postgres");
    const pool = new Pool({
      connectionString: opts.url,
      max: opts.poolSize ?? Number(process.env.DATABASE_POOL_SIZE ?? 10),
      ...postgresTimeouts(opts.statementTimeoutMs),
      idleTimeoutMillis: 30_000,
    });
    // A dropped idle connection must not crash the process; the pool replaces it.
    pool.on("error", (err) => console.error(JSON.stringify({ level: "error", msg: "pg pool error", err: err.message })));
    guardPool(pool);
    const db = drizzle({ client: pool, ...DRIZZLE_OPTIONS }) as unknown as Db;
    return { db, driver: "postgres", pool, close: () => pool.end() };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  if (opts.dataDir === "memory") {
    const client = await PGlite.create(opts.memoryFrom ? { loadDataDir: opts.memoryFrom } : undefined);
    const db = drizzle({ client, ...DRIZZLE_OPTIONS }) as unknown as Db;
    return { db, driver: "pglite", close: () => client.close() };
  }
  const folder = path.resolve(/*turbopackIgnore: true*/ opts.dataDir ?? path.join(defaultDataDir(), "pglite"));
  const release = acquireFolderLock(folder);
  try {
    await createFolderWhole(folder, PGlite);
    const client = await PGlite.create(folder);
    const db = drizzle({ client, ...DRIZZLE_OPTIONS }) as unknown as Db;
    return {
      db,
      driver: "pglite",
      close: async () => {
        await client.close();
        release();
      },
    };
  } catch (e) {
    release();
    throw e;
  }
}

/**
 * Two gaps of node-postgres and drizzle that a failing database opens, closed here:
 *  - a client whose connection dies while it is checked out (a transaction's) emits 'error' with
 *    nobody listening, which would end the process: every client keeps a listener;
 *  - drizzle's transaction() does not release its client when `begin` itself fails (it is sent
 *    before its try/finally), so each such failure would take a connection from the pool for good:
 *    a checked-out client whose first statement fails on an unreachable database is released here.
 * Only drizzle's transactions check clients out of this pool (pool.query() releases by itself).
 */
function guardPool(pool: import("pg").Pool): void {
  pool.on("connect", (client) => {
    client.on("error", (err) => console.error(JSON.stringify({ level: "warn", msg: "pg connection lost", err: err.message })));
  });
  const connect = pool.connect.bind(pool) as (cb?: unknown) => unknown;
  pool.connect = ((cb?: unknown) => {
    if (cb) return connect(cb);
    return (connect() as Promise<import("pg").PoolClient>).then((client) => {
      const query = client.query;
      client.query = function (this: import("pg").PoolClient, ...args: unknown[]) {
        client.query = query;
        const result = (query as (...a: unknown[]) => unknown).apply(this, args);
        if (result instanceof Promise) {
          result.catch((err: unknown) => {
            if (isDatabaseUnavailable(err)) {
              try {
                client.release(err as Error);
              } catch {
                /* released by its owner already */
              }
            }
          });
        }
        return result;
      } as typeof client.query;
      return client;
    });
  }) as typeof pool.connect;
}

// scripts/server-lifecycle.mjs closes __linkguardDb on a graceful stop (SIGTERM, SIGINT).
type GlobalWithDb = typeof globalThis & { __linkguardDb?: Promise<DatabaseHandle> };
const g = globalThis as GlobalWithDb;

/** The process-wide database, opened on first use from DATABASE_URL (or PGlite in ./data). */
export function getDatabase(): Promise<DatabaseHandle> {
  if (!g.__linkguardDb) {
    const url = process.env.DATABASE_URL || undefined;
    const opening = openDatabase({ url }).catch((e: unknown) => {
      g.__linkguardDb = undefined;
      throw e;
    });
    g.__linkguardDb = opening;
  }
  return g.__linkguardDb;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}

function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("timeout")), ms)))]).finally(() => clearTimeout(timer));
}

/**
 * Whether the process-wide database answers `select 1` within `timeoutMs` (its driver and the time
 * it took), or null: the one readiness check of the database, for /api/health (lib/health.ts) and
 * for pages (proxy.ts answers a page 503 before rendering it while this says null).
 */
export async function pingDatabase(timeoutMs: number): Promise<{ driver: DatabaseHandle["driver"]; latencyMs: number } | null> {
  const started = performance.now();
  try {
    const handle = await within(getDatabase(), timeoutMs);
    await within(Promise.resolve(handle.db.execute(sql`select 1`)), Math.max(1, timeoutMs - (performance.now() - started)));
    return { driver: handle.driver, latencyMs: Math.round(performance.now() - started) };
  } catch {
    return null;
  }
}

/**
 * For pages (proxy.ts): false when PostgreSQL does not answer within `timeoutMs`. The embedded
 * database runs in this process, with nothing to reach: it is not asked (a long query queued ahead
 * of the ping must not turn a page into a 503).
 */
export async function databaseReachable(timeoutMs: number): Promise<boolean> {
  if (!process.env.DATABASE_URL) return true;
  return (await pingDatabase(timeoutMs)) !== null;
}

/** Tests and scripts install the handle they opened. */
export function setDatabase(handle: DatabaseHandle | undefined): void {
  g.__linkguardDb = handle ? Promise.resolve(handle) : undefined;
}

export { schema };
