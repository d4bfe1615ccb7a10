/**
 * Decision API throughput and latency at 50 connections, beside the floor: a bare Node HTTP
 * server answering the same question from an in-memory map (bench/support/floor-server.ts), in
 * the same run, with the same load generator. Targets: ≥ 0.8× the floor's requests/s, p99 ≤ 5 ms.
 * The app is the production server (scripts/server.mjs), which answers the decision API before
 * Next's router. A second app server with LINKGUARD_FAST_PATH=0 leaves the route to Next: the
 * third row, which shows what the fast path is for.
 */
import { sql } from "drizzle-orm";
import type { BenchContext, BenchRow } from "./support/context";
import type { LoadResult } from "./support/load";
import path from "node:path";
import { BENCH_AUTH_SECRET } from "./support/database";
import { startHelper, startServer } from "./support/server";

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 3);

export async function benchDecisions(ctx: BenchContext): Promise<BenchRow[]> {
  const banks = (await ctx.db.db.execute(sql`select bank_code from organisations where kind = 'bank' order by bank_code limit 1`)) as unknown as { rows: { bank_code: string }[] };
  const bankCode = banks.rows[0]!.bank_code;
  const question = JSON.stringify({ operation: "charge", bankCode, walletId: "w-bench-0001", verification: "pin_only", amountYen: 30_000 });
  const headers = { "content-type": "application/json", authorization: `Bearer ${ctx.apiKey}` };

  const floor = await startHelper("bench/support/floor-server.ts", [ctx.databaseUrl, ctx.apiKey]);
  const viaNext = await startServer(
    { DATABASE_URL: ctx.databaseUrl, AUTH_SECRET: BENCH_AUTH_SECRET, LINKGUARD_SEED_ON_EMPTY: "0", LINKGUARD_FAST_PATH: "0" },
    path.join(process.cwd(), "bench", "results", `server-next-router-${Date.now()}.log`),
    ctx.log,
  );
  try {
    const floorUrl = `http://127.0.0.1:${floor.port}/api/v1/decisions`;
    const appUrl = `${ctx.baseUrl}/api/v1/decisions`;
    // The same answer from both, or the comparison means nothing.
    const [a, f] = await Promise.all([appUrl, floorUrl].map(async (u) => (await fetch(u, { method: "POST", headers, body: question })).json() as Promise<Record<string, unknown>>));
    if (a!.decision !== f!.decision || a!.reason !== f!.reason) throw new Error(`app and floor disagree: ${JSON.stringify(a)} vs ${JSON.stringify(f)}`);
    ctx.log(`decisions: both answer ${a!.decision} (${a!.reason}) for a charge at ${bankCode}`);

    const run = async (label: string, url: string): Promise<LoadResult> => {
      const r = await ctx.load({ url, method: "POST", headers, body: question, connections: CONNECTIONS, durationS: DURATION_S, warmupS: WARMUP_S });
      ctx.log(`decisions ${label}: ${Math.round(r.rps)} req/s, p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms, errors ${r.errors} (${r.tool})`);
      return r;
    };
    const floorRun = await run("floor", floorUrl);
    const appRun = await run("app", appUrl);
    const nextRun = await run("the same route through Next's router", `${viaNext.baseUrl}/api/v1/decisions`);

    const note = `${CONNECTIONS} connections, ${DURATION_S} s after ${WARMUP_S} s warm-up, ${appRun.tool}; load generator and server share 2 cores`;
    return [
      {
        bench: "decisions",
        metric: "requests/s",
        value: appRun.rps,
        unit: "req/s",
        baseline: floorRun.rps,
        target: "≥ 0.8× floor",
        met: appRun.rps >= 0.8 * floorRun.rps,
        note,
      },
      { bench: "decisions", metric: "p50 latency", value: appRun.p50Ms, unit: "ms", baseline: floorRun.p50Ms },
      { bench: "decisions", metric: "p99 latency", value: appRun.p99Ms, unit: "ms", baseline: floorRun.p99Ms, target: "≤ 5 ms", met: appRun.p99Ms <= 5 },
      { bench: "decisions", metric: "errors", value: appRun.errors, unit: "", baseline: floorRun.errors, target: "0", met: appRun.errors === 0 },
      {
        bench: "decisions",
        metric: "req/s through Next's router",
        value: nextRun.rps,
        unit: "req/s",
        baseline: floorRun.rps,
        note: `the same route without the fast path (LINKGUARD_FAST_PATH=0): p50 ${nextRun.p50Ms.toFixed(2)} ms, p99 ${nextRun.p99Ms.toFixed(2)} ms`,
      },
    ];
  } finally {
    await Promise.all([floor.stop(), viaNext.stop()]);
  }
}
