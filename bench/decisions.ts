/**
 * Decision API throughput and latency at 50 connections, beside the floor: a bare Node HTTP server
 * answering the same question from an in-memory map (bench/support/floor-server.ts), in the same
 * run, with the same load generator. The floor is the reference every row is shown against.
 * Targets (#12 §7): the API server alone on one core answers ≥ 15,000 decisions/s, and its p99 at
 * 10,000 req/s in an open loop is ≤ 5 ms. Its ratio to the floor is information, not a target.
 *
 * Four servers answer the same question:
 *  - the floor;
 *  - the wallet platform's API server (scripts/api-server.ts, bundled into dist/api-server): what
 *    the platform talks to on PostgreSQL, and what the targets are about;
 *  - the console's production server (scripts/server.mjs), which answers the same route before
 *    Next's router (the single-process deployment on the embedded database);
 *  - the console with LINKGUARD_FAST_PATH=0, where Next's router answers it: what both are for.
 * The floor and the API server are bundled alike (scripts/bundle.mjs) and run on the same core,
 * the load generator on another (bench/support/cpus.ts). The throughput target is judged on the API
 * server alone on that core, in PAIRS of runs with the floor back to back (ABBA order), each run
 * DURATION_S long: the median of its runs, with each pair's ratio to the floor in the note. The
 * machine's speed drifts from one second to the next (it is shared), so the two are also loaded
 * TOGETHER, at the same time on the same core, each by its own generator, in TOGETHER_ROUNDS
 * rounds: whatever the machine does then, it does to both, and the ratio of their requests/s is the
 * ratio of what an answer costs each (information: both run in sessions of their own,
 * bench/support/server.ts, and each round logs how the core was split). At saturation a closed loop's latency is
 * queueing (50 connections / the requests per second: the throughput restated), so the latency
 * target is judged in an open loop at a fixed RATE below both servers' capacity, counted from when
 * each request was due, by a generator in C (bench/support/openloop.c) that has no pauses of its
 * own to charge to the server.
 */
import path from "node:path";
import { sql } from "drizzle-orm";
import type { BenchContext, BenchRow } from "./support/context";
import { cpuPlan, cpuTimeUs, describePlan, movePid } from "./support/cpus";
import { BENCH_AUTH_SECRET } from "./support/database";
import { openloopBinary, type LoadResult } from "./support/load";
import { startHelper, startServer } from "./support/server";

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 3);
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 3);
const PAIRS = Number(process.env.BENCH_PAIRS ?? 10);
const RATE = Number(process.env.BENCH_DECISION_RATE ?? 10_000);
const OPEN_PAIRS = Number(process.env.BENCH_OPEN_PAIRS ?? 5);
const TOGETHER_ROUNDS = Number(process.env.BENCH_TOGETHER_ROUNDS ?? 12);
const TOGETHER_S = Number(process.env.BENCH_TOGETHER_S ?? 4);
/** Decisions a second the API server must answer alone on one core (#12 §7). */
const THROUGHPUT_TARGET = 15_000;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

interface Target {
  name: string;
  url: string;
  pid: number;
  runs: LoadResult[];
  /** CPU time the server spent per request in each run (µs), where /proc tells. */
  cpuUs: number[];
}

export async function benchDecisions(ctx: BenchContext): Promise<BenchRow[]> {
  const banks = (await ctx.db.db.execute(sql`select bank_code from organisations where kind = 'bank' order by bank_code limit 1`)) as unknown as { rows: { bank_code: string }[] };
  const bankCode = banks.rows[0]!.bank_code;
  const question = JSON.stringify({ operation: "charge", bankCode, walletId: "w-bench-0001", verification: "pin_only", amountYen: 30_000 });
  const headers = { "content-type": "application/json", authorization: `Bearer ${ctx.apiKey}` };
  const cpus = cpuPlan();
  const logFile = (name: string) => path.join(process.cwd(), "bench", "results", `server-${name}-${Date.now()}.log`);
  const env = { DATABASE_URL: ctx.databaseUrl, AUTH_SECRET: BENCH_AUTH_SECRET, LINKGUARD_SEED_ON_EMPTY: "0" };

  const floor = await startHelper("bench/support/floor-server.ts", [ctx.databaseUrl, ctx.apiKey], { cpu: cpus?.server });
  const api = await startServer(env, logFile("api"), ctx.log, { kind: "api", cpu: cpus?.server });
  const viaNext = await startServer({ ...env, LINKGUARD_FAST_PATH: "0" }, logFile("next-router"), ctx.log, { cpu: cpus?.server });
  // The console started by bench/run.ts serves the other benches from any core; on the server's core for this one.
  if (cpus) movePid(ctx.serverPid, cpus.server);
  try {
    const targets: Target[] = [
      { name: "floor", url: `http://127.0.0.1:${floor.port}/api/v1/decisions`, pid: floor.pid, runs: [], cpuUs: [] },
      { name: "API server", url: `${api.baseUrl}/api/v1/decisions`, pid: api.pid, runs: [], cpuUs: [] },
      { name: "console fast path", url: `${ctx.baseUrl}/api/v1/decisions`, pid: ctx.serverPid, runs: [], cpuUs: [] },
      { name: "Next's router", url: `${viaNext.baseUrl}/api/v1/decisions`, pid: viaNext.pid, runs: [], cpuUs: [] },
    ];
    // The same answer from all, or the comparison means nothing.
    const answers = await Promise.all(targets.map(async (t) => (await fetch(t.url, { method: "POST", headers, body: question })).json() as Promise<Record<string, unknown>>));
    for (const [i, a] of answers.entries()) {
      if (a.decision !== answers[0]!.decision || a.reason !== answers[0]!.reason) throw new Error(`${targets[i]!.name} and the floor disagree: ${JSON.stringify(a)} vs ${JSON.stringify(answers[0])}`);
    }
    ctx.log(`decisions: all answer ${answers[0]!.decision} (${answers[0]!.reason}) for a charge at ${bankCode}; ${describePlan()}`);

    // An open-loop run starts with a second at its rate, not counted: it measures the steady state at
    // that rate, not the way down from the saturated run before it.
    const load = (t: Target, durationS: number, rate?: number) =>
      ctx.load({ url: t.url, method: "POST", headers, body: question, connections: CONNECTIONS, durationS, cpu: cpus?.load, rate, warmupS: rate ? 1 : undefined });
    const measure = async (t: Target, label = "") => {
      const before = cpuTimeUs(t.pid);
      const r = await load(t, DURATION_S);
      const after = cpuTimeUs(t.pid);
      t.runs.push(r);
      if (before !== null && after !== null && r.requests) t.cpuUs.push((after - before) / r.requests);
      ctx.log(`decisions ${t.name}${label}: ${Math.round(r.rps)} req/s, p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms, errors ${r.errors}${t.cpuUs.length ? `, ${t.cpuUs.at(-1)!.toFixed(1)} µs CPU a request` : ""}`);
      return r;
    };
    const [floorT, apiT, consoleT, nextT] = targets as [Target, Target, Target, Target];
    for (const t of targets) await load(t, WARMUP_S);

    const pairs: number[] = [];
    for (let i = 0; i < PAIRS; i++) {
      const order = i % 2 ? [apiT, floorT] : [floorT, apiT];
      const [a, b] = [await measure(order[0]!, ` (pair ${i + 1})`), await measure(order[1]!, ` (pair ${i + 1})`)];
      pairs.push(i % 2 ? a.rps / b.rps : b.rps / a.rps);
    }
    // Together: the floor and the API server loaded at the same time, on the same core, each by its
    // own generator. The machine's speed then changes for both at once, so the ratio of their
    // requests/s is the ratio of what an answer costs each, whatever the machine does meanwhile.
    const together: { ratio: number; floor: LoadResult; api: LoadResult; busy: number | null; apiShare: number | null; costUs: [number, number] | null }[] = [];
    for (let i = 0; i < TOGETHER_ROUNDS; i++) {
      const before = [cpuTimeUs(floorT.pid), cpuTimeUs(apiT.pid)];
      const started = performance.now();
      const [f, a] = await Promise.all([load(floorT, TOGETHER_S), load(apiT, TOGETHER_S)]);
      const wallUs = (performance.now() - started) * 1000;
      const after = [cpuTimeUs(floorT.pid), cpuTimeUs(apiT.pid)];
      // Each server's CPU time in the round: how the core was split, and what an answer cost each.
      const used = before.every((x) => x !== null) && after.every((x) => x !== null) ? [after[0]! - before[0]!, after[1]! - before[1]!] : null;
      const busy = used === null ? null : (used[0]! + used[1]!) / wallUs;
      const apiShare = used === null || used[0]! + used[1]! === 0 ? null : used[1]! / (used[0]! + used[1]!);
      const costUs: [number, number] | null = used === null || !f.requests || !a.requests ? null : [used[0]! / f.requests, used[1]! / a.requests];
      together.push({ ratio: a.rps / f.rps, floor: f, api: a, busy, apiShare, costUs });
      ctx.log(
        `decisions together (round ${i + 1}): floor ${Math.round(f.rps)} req/s, API server ${Math.round(a.rps)} req/s, ratio ${(a.rps / f.rps).toFixed(3)}` +
          (busy === null ? "" : `, the two servers used ${(busy * 100).toFixed(0)}% of a core (API server ${(apiShare! * 100).toFixed(0)}% of it)`) +
          (costUs === null ? "" : `, CPU an answer: floor ${costUs[0].toFixed(1)} µs, API server ${costUs[1].toFixed(1)} µs`) +
          `, errors ${f.errors + a.errors}`,
      );
    }
    const consolePairs: number[] = [];
    const floorBesideConsole: LoadResult[] = [];
    for (let i = 0; i < 3; i++) {
      const f = await measure(floorT, " (beside the console)");
      floorBesideConsole.push(f);
      consolePairs.push((await measure(consoleT)).rps / f.rps);
    }
    await measure(nextT);

    // The open loop, in OPEN_PAIRS pairs (ABBA) as well; each server's median run by p99.
    const at = async (t: Target) => {
      const r = await load(t, DURATION_S, RATE);
      ctx.log(`decisions ${t.name} at ${RATE} req/s (open loop): ${Math.round(r.rps)} req/s, p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms, errors ${r.errors}`);
      return r;
    };
    const openRuns: { floor: LoadResult[]; api: LoadResult[] } = { floor: [], api: [] };
    if (openloopBinary()) {
      for (let i = 0; i < OPEN_PAIRS; i++) {
        for (const t of i % 2 ? [apiT, floorT] : [floorT, apiT]) (t === apiT ? openRuns.api : openRuns.floor).push(await at(t));
      }
    }
    const medianRun = (runs: LoadResult[]): LoadResult | null => (runs.length ? [...runs].sort((x, y) => x.p99Ms - y.p99Ms)[runs.length >> 1]! : null);
    const [floorAt, apiAt] = [medianRun(openRuns.floor), medianRun(openRuns.api)];

    const stats = (t: Target, runs = t.runs) => ({
      rps: median(runs.map((r) => r.rps)),
      p50: median(runs.map((r) => r.p50Ms)),
      p99: median(runs.map((r) => r.p99Ms)),
      errors: runs.reduce((s, r) => s + r.errors, 0),
    });
    const f = stats(floorT, floorT.runs.slice(0, PAIRS));
    const a = stats(apiT);
    const c = stats(consoleT);
    const n = stats(nextT);
    const range = (xs: number[]) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}× (median ${median(xs).toFixed(2)}×)`;
    const togetherRatio = median(together.map((t) => t.ratio));
    const togetherErrors = together.reduce((n, t) => n + t.floor.errors + t.api.errors, 0);
    const busy = together.flatMap((t) => (t.busy === null ? [] : [t.busy]));
    const shares = together.flatMap((t) => (t.apiShare === null ? [] : [t.apiShare]));
    const evenSplit = shares.length > 0 && Math.min(...shares) >= 0.45 && Math.max(...shares) <= 0.55;
    const costs = together.flatMap((t) => (t.costUs === null ? [] : [t.costUs]));
    const aloneErrors = apiT.runs.reduce((n, r) => n + r.errors, 0);
    return [
      {
        bench: "decisions",
        metric: "requests/s alone on one core (API server)",
        value: a.rps,
        unit: "req/s",
        baseline: f.rps,
        ratio: median(pairs),
        target: `≥ ${THROUGHPUT_TARGET.toLocaleString("en")} req/s`,
        met: apiT.runs.length > 0 ? a.rps >= THROUGHPUT_TARGET && aloneErrors === 0 : null,
        note: `the API server alone on its core: ${CONNECTIONS} connections, closed loop, median of ${PAIRS} runs of ${DURATION_S} s, each paired with a run of the floor just before or after (ABBA); ${describePlan()}; the ratio to the floor (information, no target) in each pair: ${range(pairs)}. The machine's speed drifts between two runs, which spreads these ratios; the next row measures it with both loaded at once`,
      },
      {
        bench: "decisions",
        metric: "requests/s, together with the floor (API server)",
        value: median(together.map((t) => t.api.rps)),
        unit: "req/s",
        baseline: median(together.map((t) => t.floor.rps)),
        ratio: togetherRatio,
        note: `information: both servers loaded at the same time on the same core, ${CONNECTIONS} connections each, closed loop, ${TOGETHER_ROUNDS} rounds of ${TOGETHER_S} s, ${togetherErrors} errors; ${describePlan()}; the ratio in each round: ${range(together.map((t) => t.ratio))}${busy.length ? `; the two servers used ${(Math.min(...busy) * 100).toFixed(0)}–${(Math.max(...busy) * 100).toFixed(0)}% of their core (near 100%: the servers, not the generators, set the pace), the API server ${(Math.min(...shares) * 100).toFixed(0)}–${(Math.max(...shares) * 100).toFixed(0)}% of it (${evenSplit ? "an even split: each round's ratio is the ratio of what an answer cost each" : "an uneven split: the ratios also say how the scheduler shared the core"})` : ""}${costs.length ? `; CPU an answer together (median): floor ${median(costs.map((c) => c[0])).toFixed(1)} µs, API server ${median(costs.map((c) => c[1])).toFixed(1)} µs (alone: next row)` : ""}`,
      },
      {
        bench: "decisions",
        metric: "CPU a request (API server)",
        value: apiT.cpuUs.length ? median(apiT.cpuUs) : null,
        unit: "µs",
        baseline: floorT.cpuUs.length ? median(floorT.cpuUs.slice(0, PAIRS)) : null,
        note: "the server process's user + system time over the requests it answered (median of the pairs): what each answer costs, whatever else the machine does",
      },
      { bench: "decisions", metric: "p50 latency (API server)", value: a.p50, unit: "ms", baseline: f.p50 },
      {
        bench: "decisions",
        metric: "p99 at saturation (API server)",
        value: a.p99,
        unit: "ms",
        baseline: f.p99,
        note: `closed loop at full speed: the latency is queueing (Little's law: ${CONNECTIONS} connections / the requests per second), the throughput restated; the target is judged below saturation (next row)`,
      },
      {
        bench: "decisions",
        metric: `p99 at ${RATE.toLocaleString("en")} req/s (API server)`,
        value: apiAt?.p99Ms ?? null,
        unit: "ms",
        baseline: floorAt?.p99Ms ?? null,
        target: "≤ 5 ms",
        met: apiAt ? apiAt.p99Ms <= 5 && apiAt.errors === 0 && apiAt.requests > 0 : null,
        note: apiAt && floorAt
          ? `open loop (bench/support/openloop.c), ${CONNECTIONS} connections, latency from when each request was due, median of ${OPEN_PAIRS} runs each (p99: API server ${openRuns.api.map((r) => r.p99Ms.toFixed(1)).join(", ")} ms; floor ${openRuns.floor.map((r) => r.p99Ms.toFixed(1)).join(", ")} ms); p50 ${apiAt.p50Ms.toFixed(2)} ms, p90 ${apiAt.p90Ms.toFixed(2)} ms (floor ${floorAt.p50Ms.toFixed(2)} / ${floorAt.p90Ms.toFixed(2)} ms), ${Math.round(apiAt.rps)} req/s served`
          : "not measured: the open-loop generator needs a C compiler (cc or gcc)",
      },
      { bench: "decisions", metric: "errors (API server)", value: a.errors + (apiAt?.errors ?? 0), unit: "", baseline: f.errors + (floorAt?.errors ?? 0), target: "0", met: a.errors + (apiAt?.errors ?? 0) === 0 },
      {
        bench: "decisions",
        metric: "requests/s (console fast path)",
        value: c.rps,
        unit: "req/s",
        baseline: median(floorBesideConsole.map((r) => r.rps)),
        ratio: median(consolePairs),
        note: `the console's own server (one process, as on the embedded database): p50 ${c.p50.toFixed(2)} ms, p99 ${c.p99.toFixed(2)} ms; ratio beside the floor ${range(consolePairs)}`,
      },
      {
        bench: "decisions",
        metric: "requests/s (Next's router)",
        value: n.rps,
        unit: "req/s",
        baseline: f.rps,
        note: `the same route without the fast path (LINKGUARD_FAST_PATH=0): p50 ${n.p50.toFixed(2)} ms, p99 ${n.p99.toFixed(2)} ms`,
      },
    ];
  } finally {
    if (cpus) movePid(ctx.serverPid, `0-${cpus.server}`);
    await Promise.all([floor.stop(), api.stop(), viaNext.stop()]);
  }
}

