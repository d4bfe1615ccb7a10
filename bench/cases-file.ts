/**
 * The case file API (#14 §7): p95 latency of GET /api/v1/cases/{id} at 20 concurrent connections
 * against the production server, signed in as the carrier's investigator through the real sign-in,
 * over the database's cases (the demo's story and live queue: closed cases with their marked
 * transactions, open ones with notes, related cases across banks). Each request names another
 * case (ids and references alternately). Baseline: GET /api/v1/me (the session check alone) in the
 * same run. Target: p95 ≤ 50 ms. The load comes from wrk (one thread, a Lua list of the paths;
 * bench/support/load.ts), not from this process: a Node fetch loop sharing the two cores with the
 * server and PostgreSQL measured its own cost as much as the server's (the floor's p95 was 147 ms).
 *
 * Called by bench/run.ts as benchCaseFile(ctx) (BENCH_ONLY=cases-file).
 */
import type { BenchContext, BenchRow } from "./support/context";
import { cpuTimeOfUs, cpuTimeUs } from "./support/cpus";
import type { LoadResult } from "./support/load";

const CONNECTIONS = Number(process.env.BENCH_CASE_FILE_CONNECTIONS ?? 20);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 3);
const CASES = Number(process.env.BENCH_CASE_FILE_CASES ?? 500);
const TARGET_MS = 50;

export async function benchCaseFile(ctx: BenchContext): Promise<BenchRow[]> {
  if (!ctx.db.pool) throw new Error("the case file bench needs PostgreSQL");
  // Spread over statuses: the newest cases of each, the story's closed ones among them.
  const { rows: cases } = await ctx.db.pool.query<{ id: string; reference: string }>(
    `select id::text as id, reference from (select id, reference, row_number() over (partition by status order by opened_at desc) as n from cases) x
     where n <= $1 order by reference`,
    [Math.ceil(CASES / 4)],
  );
  if (cases.length === 0) throw new Error("the bench database has no cases");
  const paths = cases.map((c, i) => `/api/v1/cases/${i % 2 ? c.reference : c.id}`);
  const cookie = await ctx.staffCookie("investigator@carrier.demo");
  const headers = { cookie, accept: "application/json" };
  const check = await fetch(`${ctx.baseUrl}${paths[0]}`, { headers });
  if (!check.ok) throw new Error(`GET ${paths[0]} answered ${check.status}: ${await check.text()}`);
  const bytes = (await check.arrayBuffer()).byteLength;

  // The CPU an answer costs the server and PostgreSQL (the backends of this database: the server's
  // pool; client backends only, not autovacuum after the rules bench), which the machine's other
  // load does not change as much as it changes the latency.
  const load = async (list: string[]): Promise<LoadResult & { serverMs: number; dbMs: number }> => {
    const opts = { url: `${ctx.baseUrl}${list[0]}`, paths: list, headers, connections: CONNECTIONS };
    await ctx.load({ ...opts, durationS: WARMUP_S });
    const db = (await ctx.db.pool!.query<{ pid: number }>(`select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid()`)).rows.map((b) => b.pid);
    const before = { server: cpuTimeUs(ctx.serverPid) ?? Number.NaN, db: cpuTimeOfUs(db) };
    const r = await ctx.load({ ...opts, durationS: DURATION_S });
    return { ...r, serverMs: ((cpuTimeUs(ctx.serverPid) ?? Number.NaN) - before.server) / 1000 / r.requests, dbMs: (cpuTimeOfUs(db) - before.db) / 1000 / r.requests };
  };
  const p95 = (x: LoadResult) => x.p95Ms ?? Number.NaN;
  const said = (x: Awaited<ReturnType<typeof load>>) =>
    `${Math.round(x.rps)} req/s, p50 ${x.p50Ms.toFixed(1)} ms, p95 ${p95(x).toFixed(1)} ms, p99 ${x.p99Ms.toFixed(1)} ms, errors ${x.errors}; CPU an answer: server ${x.serverMs.toFixed(2)} ms, PostgreSQL ${x.dbMs.toFixed(2)} ms`;
  const floor = await load(["/api/v1/me"]);
  ctx.log(`case file floor (GET /api/v1/me, ${floor.tool}): ${said(floor)}`);
  const r = await load(paths);
  ctx.log(`case file (${r.tool}): ${said(r)}`);
  return [
    {
      bench: "cases-file",
      metric: `API p95, GET /api/v1/cases/{id} (${CONNECTIONS} conn.)`,
      value: p95(r),
      unit: "ms",
      baseline: p95(floor),
      target: `≤ ${TARGET_MS} ms`,
      met: r.errors === 0 && p95(r) <= TARGET_MS,
      note: `${cases.length} cases (ids and references), ${r.requests} requests in ${DURATION_S} s after ${WARMUP_S} s warm-up: ${Math.round(r.rps)} req/s, p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms, ${r.errors} errors; first answer ${bytes} bytes; baseline GET /api/v1/me; load from ${r.tool} (not pinned: server, PostgreSQL and generator share the cores)`,
    },
    { bench: "cases-file", metric: "API p50, case file", value: r.p50Ms, unit: "ms", baseline: floor.p50Ms },
    { bench: "cases-file", metric: "server CPU an answer", value: r.serverMs, unit: "ms", baseline: floor.serverMs },
    { bench: "cases-file", metric: "PostgreSQL CPU an answer", value: r.dbMs, unit: "ms", baseline: floor.dbMs },
    { bench: "cases-file", metric: "API req/s, case file", value: r.rps, unit: "req/s", baseline: floor.rps },
  ];
}
