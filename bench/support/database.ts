import pg from "pg";
import { openDatabase } from "@/db";
import { migrateDatabase } from "@/db/migrate";
import { seedDemo } from "@/db/seed";

/**
 * The bench database: PostgreSQL, seeded once with the demo seed at BENCH_SCALE (default 50:
 * 1,000,000 links and 10,000,000 transactions) and kept between runs. A comment on the database
 * marks a finished seed; a database without it (a run killed half-way) is dropped and rebuilt.
 */

export const BENCH_SCALE = Number(process.env.BENCH_SCALE ?? 50);
export const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/linkguard_bench";
// The demo staff's TOTP secrets are sealed with it; the bench server must use the same one.
export const BENCH_AUTH_SECRET = process.env.AUTH_SECRET ?? "linkguard-bench-auth-secret-not-for-production-0123";

/** Bumped when the seed changes what it writes (v2: the recent days; v3: keyed account hashes), so an older bench database is rebuilt. */
const SEED_VERSION = 3;
const MARKER = (scale: number) => `linkguard-bench seed v${SEED_VERSION} scale=${scale}`;

function adminUrl(url: string): { admin: string; name: string } {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.replace(/^\//, ""));
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bench database name must be a plain identifier, not "${name}"`);
  u.pathname = "/postgres";
  return { admin: u.toString(), name };
}

export async function ensureBenchDatabase(log: (line: string) => void = console.log): Promise<{ url: string; seededNow: boolean }> {
  process.env.AUTH_SECRET = BENCH_AUTH_SECRET;
  const { admin, name } = adminUrl(BENCH_DATABASE_URL);
  const a = new pg.Client({ connectionString: admin });
  await a.connect();
  let seededNow = false;
  try {
    const found = await a.query<{ comment: string | null }>("select shobj_description(oid, 'pg_database') as comment from pg_database where datname = $1", [name]);
    const marked = found.rows[0]?.comment?.startsWith(MARKER(BENCH_SCALE)) ?? false;
    if (!marked) {
      if (found.rowCount) {
        log(`bench database ${name}: no finished seed at scale ${BENCH_SCALE}; dropping it`);
        await a.query(`drop database ${name} with (force)`);
      }
      await a.query(`create database ${name}`);
      // No statement timeout: the seed writes (and the live queue reads) hundreds of thousands of rows in a statement.
      const handle = await openDatabase({ url: BENCH_DATABASE_URL, statementTimeoutMs: 0 });
      try {
        await migrateDatabase(handle);
        const started = Date.now();
        log(`seeding ${name} at scale ${BENCH_SCALE} (${(BENCH_SCALE * 20_000).toLocaleString("en")} links, ${(BENCH_SCALE * 200_000).toLocaleString("en")} transactions): this takes a while, once`);
        let lastLabel = "";
        await seedDemo(handle, {
          scale: BENCH_SCALE,
          progress: (label, done, total) => {
            if (label !== lastLabel || done === total) log(`  ${label} ${done.toLocaleString("en")}/${total.toLocaleString("en")} (${Math.round((Date.now() - started) / 1000)} s)`);
            lastLabel = label;
          },
        });
        log(`seeded in ${Math.round((Date.now() - started) / 1000)} s`);
      } finally {
        await handle.close();
      }
      await a.query(`comment on database ${name} is '${MARKER(BENCH_SCALE)} at ${new Date().toISOString()}'`);
      seededNow = true;
    } else {
      // Reused: only migrations that arrived since.
      const handle = await openDatabase({ url: BENCH_DATABASE_URL });
      try {
        await migrateDatabase(handle);
      } finally {
        await handle.close();
      }
    }
  } finally {
    await a.end();
  }
  return { url: BENCH_DATABASE_URL, seededNow };
}
