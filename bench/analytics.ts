/**
 * Loss analytics at scale (#16 §2): every chart endpoint's latency (p50, p95 of sequential requests
 * signed in as the carrier's manager, over the whole history and over the story's incident) beside
 * the raw aggregate over the transactions in the same run (charges and payments per Japan day and
 * bank, what a chart would compute without the rollups), and each chart's own raw form (the
 * definitions of lib/analytics/raw.ts over cases, marks, links and decision counters).
 * BENCH_ONLY=analytics npm run bench: on the analytics bench's own database (bench/support/analytics-data.ts,
 * BENCH_ANALYTICS_TRANSACTIONS, default 10,000,000), the same as bench/analytics-scale.ts measures in-process.
 */
import { sql, type SQL } from "drizzle-orm";
import { RAW_CASES, RAW_SPEND } from "@/lib/analytics/raw";
import type { BenchContext, BenchRow } from "./support/context";

const REQUESTS = Number(process.env.BENCH_ANALYTICS_REQUESTS ?? 40);
const RAW_RUNS = Number(process.env.BENCH_ANALYTICS_RAW_RUNS ?? 3);
const TARGET_MS = 50;

const CHARTS = ["summary", "loss-over-time", "loss-by-bank", "spending-by-category", "links-by-verification", "case-flow", "decisions", "regulator"] as const;

const JST = (c: SQL) => sql`(${c} at time zone 'Asia/Tokyo')::date`;
const RAW: Record<(typeof CHARTS)[number], SQL> = {
  summary: sql`select outcome, compensation, count(*), sum(loss_yen) from (${RAW_CASES}) x group by 1, 2`,
  "loss-over-time": sql`select opened_day, sum(loss_yen) from (${RAW_CASES}) x where outcome = 'confirmed_fraud' group by 1`,
  "loss-by-bank": sql`select bank_id, compensation, sum(loss_yen), sum(reimbursed_yen) from (${RAW_CASES}) x where outcome = 'confirmed_fraud' group by 1, 2`,
  "spending-by-category": sql`select category, sum(amount_yen), count(*) from (${RAW_SPEND}) x group by 1`,
  "links-by-verification": sql`select ${JST(sql`linked_at`)}, verification, count(*) from linked_accounts group by 1, 2`,
  "case-flow": sql`select date_trunc('week', opened_day), count(*) from (${RAW_CASES}) x group by 1`,
  decisions: sql`select ${JST(sql`bucket_start`)}, operation, outcome, sum(count) from decision_counters group by 1, 2, 3`,
  regulator: sql`select bank_id, to_char(opened_day, 'YYYY"Q"Q'), compensation, count(*), sum(loss_yen) from (${RAW_CASES}) x where outcome = 'confirmed_fraud' group by 1, 2, 3`,
};
const TRANSACTIONS_SCAN = sql`select ${JST(sql`occurred_at`)} as day, bank_id, sum(amount_yen) filter (where kind = 'charge') as charges, sum(amount_yen) filter (where kind = 'payment') as payments from transactions group by 1, 2`;

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

async function timeQuery(ctx: BenchContext, q: SQL, runs: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await ctx.db.db.execute(q);
    out.push(performance.now() - t0);
  }
  return out;
}

export async function benchAnalytics(ctx: BenchContext): Promise<BenchRow[]> {
  const cookie = await ctx.staffCookie("manager@carrier.demo");
  const [size] = ((await ctx.db.db.execute(sql`select (select count(*) from transactions)::bigint as tx, (select count(*) from linked_accounts)::bigint as links, (select count(*) from cases)::int as cases`)) as unknown as { rows: { tx: string; links: string; cases: number }[] }).rows;
  ctx.log(`analytics: ${Number(size!.tx).toLocaleString("en")} transactions, ${Number(size!.links).toLocaleString("en")} links, ${size!.cases.toLocaleString("en")} cases`);

  // The floor of the comparison: the raw aggregate over every transaction, timed in this run.
  const scan = await timeQuery(ctx, TRANSACTIONS_SCAN, RAW_RUNS);
  const scanP95 = percentile(scan, 95);
  ctx.log(`raw aggregate over the transactions (charges and payments per Japan day and bank): ${scan.map((x) => x.toFixed(0)).join(", ")} ms`);

  // The floor of any signed-in request on this machine: the session check alone (GET /api/v1/me), as sequential requests.
  const floor: number[] = [];
  for (let i = 0; i < REQUESTS + 3; i++) {
    const t0 = performance.now();
    const res = await fetch(`${ctx.baseUrl}/api/v1/me`, { headers: { cookie } });
    await res.arrayBuffer();
    if (i >= 3) floor.push(performance.now() - t0);
  }
  const floorP95 = percentile(floor, 95);
  ctx.log(`session check alone (GET /api/v1/me): p50 ${percentile(floor, 50).toFixed(1)} ms, p95 ${floorP95.toFixed(1)} ms`);

  // The story's incident on the demo's database, the generated one's on the analytics database.
  const [incident] = ((await ctx.db.db.execute(sql`select reference from incidents order by started_at limit 1`)) as unknown as { rows: { reference: string }[] }).rows;
  const rows: BenchRow[] = [];
  for (const filter of ["", ...(incident ? [`incident=${incident.reference}`] : [])]) {
    for (const chart of CHARTS) {
      const url = `${ctx.baseUrl}/api/v1/analytics/${chart}${filter ? `?${filter}` : ""}`;
      const latencies: number[] = [];
      for (let i = 0; i < REQUESTS + 3; i++) {
        const t0 = performance.now();
        const res = await fetch(url, { headers: { cookie } });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
        if (i >= 3) latencies.push(performance.now() - t0);
      }
      const p95 = percentile(latencies, 95);
      const raw = filter ? null : percentile(await timeQuery(ctx, RAW[chart], RAW_RUNS), 95);
      ctx.log(`${chart}${filter ? ` (${filter})` : ""}: p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms${raw !== null ? `; its raw form ${raw.toFixed(1)} ms` : ""}`);
      rows.push({
        bench: "analytics",
        metric: `GET ${chart} p95${filter ? " (incident)" : " (all history)"}`,
        value: p95,
        unit: "ms",
        baseline: scanP95,
        target: `≤ ${TARGET_MS} ms`,
        met: p95 <= TARGET_MS,
        note: raw !== null ? `baseline: the raw aggregate over ${Number(size!.tx).toLocaleString("en")} transactions; this chart's raw form (lib/analytics/raw.ts) ${raw.toFixed(1)} ms` : undefined,
      });
    }
  }
  rows.push({ bench: "analytics", metric: "GET /api/v1/me p95 (the session check alone)", value: floorP95, unit: "ms", note: "what every signed-in request pays before its own work, on this machine in this run" });
  return rows;
}
