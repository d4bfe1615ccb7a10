/**
 * Loss analytics over a large history (#16 §2), in-process: each chart's service function (what its
 * route runs, as the carrier's manager, over the whole history and over one quarter) timed
 * sequentially, p50 and p95, beside the raw aggregate over every transaction measured in the same
 * run, and each chart's own raw form (lib/analytics/raw.ts). On the analytics bench's own database
 * (bench/support/analytics-data.ts: BENCH_ANALYTICS_DATABASE_URL, default
 * postgresql://postgres@127.0.0.1:5432/linkguard_analytics_bench; BENCH_ANALYTICS_TRANSACTIONS,
 * default 10,000,000; built once and kept).
 *   npx tsx --conditions react-server bench/analytics-scale.ts
 * `BENCH_ONLY=analytics npm run bench` measures the same charts over HTTP on the same database.
 */
import { sql, type SQL } from "drizzle-orm";
import { openDatabase, setDatabase } from "@/db";
import { RAW_CASES, RAW_SPEND } from "@/lib/analytics/raw";
import * as analytics from "@/lib/analytics/service";
import { benchActor } from "./support/actor";
import { ensureAnalyticsDatabase } from "./support/analytics-data";

const RUNS = Number(process.env.BENCH_ANALYTICS_RUNS ?? 30);
const built = await ensureAnalyticsDatabase((line) => console.log(`[analytics bench] ${line}`));
const handle = await openDatabase({ url: built.url, poolSize: 2, statementTimeoutMs: 0 });
setDatabase(handle);
const rows = async <T>(q: SQL) => ((await handle.db.execute(q)) as unknown as { rows: T[] }).rows;
const count = async (table: string) => Number((await rows<{ n: string }>(sql`select count(*) as n from ${sql.identifier(table)}`))[0]!.n);

const manager = { ...benchActor(null), roles: ["manager" as const] };
const size = { transactions: await count("transactions"), links: await count("linked_accounts"), cases: await count("cases") };
console.log(`\n[analytics bench] ${size.transactions.toLocaleString("en")} transactions, ${size.links.toLocaleString("en")} links, ${size.cases.toLocaleString("en")} cases`);

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}
async function timed(f: () => Promise<unknown>, runs: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    out.push(performance.now() - t0);
  }
  return out;
}
const JST = (c: SQL) => sql`(${c} at time zone 'Asia/Tokyo')::date`;
const scan = await timed(() => handle.db.execute(sql`select ${JST(sql`occurred_at`)} as day, bank_id, sum(amount_yen) filter (where kind = 'charge'), sum(amount_yen) filter (where kind = 'payment') from transactions group by 1, 2`), 3);
const scanP95 = percentile(scan, 95);

const charts: [string, (q: Record<string, string>) => Promise<unknown>, SQL][] = [
  ["summary", (q) => analytics.analyticsSummary(manager, q), sql`select outcome, compensation, count(*), sum(loss_yen) from (${RAW_CASES}) x group by 1, 2`],
  ["loss-over-time", (q) => analytics.lossOverTimeChart(manager, q), sql`select opened_day, sum(loss_yen) from (${RAW_CASES}) x where outcome = 'confirmed_fraud' group by 1`],
  ["loss-by-bank", (q) => analytics.lossByBankChart(manager, q), sql`select bank_id, compensation, sum(loss_yen) from (${RAW_CASES}) x where outcome = 'confirmed_fraud' group by 1, 2`],
  ["spending-by-category", (q) => analytics.spendingByCategoryChart(manager, q), sql`select category, sum(amount_yen) from (${RAW_SPEND}) x group by 1`],
  ["links-by-verification", (q) => analytics.linksByVerificationChart(manager, q), sql`select ${JST(sql`linked_at`)}, verification, count(*) from linked_accounts group by 1, 2`],
  ["case-flow", (q) => analytics.caseFlowChart(manager, q), sql`select date_trunc('week', opened_day), count(*) from (${RAW_CASES}) x group by 1`],
  ["decisions", (q) => analytics.decisionsChart(manager, q), sql`select ${JST(sql`bucket_start`)}, operation, outcome, sum(count) from decision_counters group by 1, 2, 3`],
  ["regulator", (q) => analytics.regulatorChart(manager, q), sql`select bank_id, to_char(opened_day, 'YYYY"Q"Q'), compensation, count(*) from (${RAW_CASES}) x where outcome = 'confirmed_fraud' group by 1, 2, 3`],
];
const table: string[][] = [["chart", "p50 ms", "p95 ms", "≤ 50 ms?", "its raw form ms", "raw over transactions ms", "ratio"]];
for (const [name, run, raw] of charts) {
  for (const q of [{}, { from: "2025-01-01", to: "2025-03-31" }] as Record<string, string>[]) {
    await run(q); // warm
    const t = await timed(() => run(q), RUNS);
    const p95 = percentile(t, 95);
    const rawMs = Object.keys(q).length ? null : percentile(await timed(() => handle.db.execute(raw), 3), 95);
    table.push([`${name}${Object.keys(q).length ? " (one quarter)" : " (all history)"}`, percentile(t, 50).toFixed(1), p95.toFixed(1), p95 <= 50 ? "yes" : "NO", rawMs === null ? "—" : rawMs.toFixed(0), scanP95.toFixed(0), `${Math.round(scanP95 / p95)}×`]);
  }
}
const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
console.log(`\nAnalytics charts in-process (service functions as the carrier's manager), ${RUNS} sequential runs each; the raw aggregate over ${size.transactions.toLocaleString("en")} transactions (charges and payments per Japan day and bank) ${scan.map((x) => x.toFixed(0)).join(", ")} ms:\n`);
for (const [i, r] of table.entries()) {
  console.log(r.map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join("  "));
  if (i === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "));
}
await handle.close();
