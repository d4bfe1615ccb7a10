/**
 * The case file API (#14 §7): p95 latency of GET /api/v1/cases/{id} at 20 concurrent connections
 * against the production server, signed in as the carrier's investigator through the real sign-in,
 * over the database's cases (the demo's story and live queue: closed cases with their marked
 * transactions, open ones with notes, related cases across banks). Each request names another
 * case (ids and references alternately). Baseline: GET /api/v1/me (the session check alone) in the
 * same run. Target: p95 ≤ 50 ms.
 *
 * Called by bench/run.ts as benchCaseFile(ctx) (BENCH_ONLY=cases-file).
 */
import type { BenchContext, BenchRow } from "./support/context";
import { httpLoad } from "./support/http-load";

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
  const urls = cases.map((c, i) => `${ctx.baseUrl}/api/v1/cases/${i % 2 ? c.reference : c.id}`);
  const cookie = await ctx.staffCookie("investigator@carrier.demo");
  const check = await fetch(urls[0]!, { headers: { cookie, accept: "application/json" } });
  if (!check.ok) throw new Error(`GET ${urls[0]} answered ${check.status}: ${await check.text()}`);
  const bytes = (await check.arrayBuffer()).byteLength;

  const load = async (list: string[]) => {
    await httpLoad(list, cookie, CONNECTIONS, WARMUP_S);
    return httpLoad(list, cookie, CONNECTIONS, DURATION_S);
  };
  const floor = await load([`${ctx.baseUrl}/api/v1/me`]);
  ctx.log(`case file floor (GET /api/v1/me): ${Math.round(floor.rps)} req/s, p95 ${floor.p95.toFixed(1)} ms`);
  const r = await load(urls);
  ctx.log(`case file: ${Math.round(r.rps)} req/s, p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, errors ${r.errors}`);
  return [
    {
      bench: "cases-file",
      metric: `API p95, GET /api/v1/cases/{id} (${CONNECTIONS} conn.)`,
      value: r.p95,
      unit: "ms",
      baseline: floor.p95,
      target: `≤ ${TARGET_MS} ms`,
      met: r.errors === 0 && r.p95 <= TARGET_MS,
      note: `${cases.length} cases (ids and references), ${r.requests} requests in ${DURATION_S} s after ${WARMUP_S} s warm-up: ${Math.round(r.rps)} req/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, ${r.errors} errors; first answer ${bytes} bytes; baseline GET /api/v1/me; Node fetch loop in the bench process, sharing the cores with the server and PostgreSQL`,
    },
    { bench: "cases-file", metric: "API req/s, case file", value: r.rps, unit: "req/s", baseline: floor.rps },
  ];
}
