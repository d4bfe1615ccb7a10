/**
 * Loss analytics over a large history (#16 §2), in-process: each chart's service function (what its
 * route runs, as the carrier's manager, over the whole history) timed sequentially, p50 and p95,
 * beside the raw aggregate over every transaction measured in the same run, and each chart's own
 * raw form (lib/analytics/raw.ts). Its own database (BENCH_ANALYTICS_DATABASE_URL, default
 * postgresql://postgres@127.0.0.1:5432/linkguard_bench_analytics), generated set-based in SQL and
 * kept between runs: 35 banks, links (a tenth of the transactions, a third PIN-only), transactions
 * (charges and payments over two years) in chunks of 500,000 up to BENCH_ANALYTICS_TRANSACTIONS
 * (default 10,000,000) or until BENCH_ANALYTICS_BUILD_SECONDS (default 600) have passed (the run
 * measures at the scale reached and says it), 20,000 cases with marks (the triggers fill the
 * rollups as they are written), a year of hourly decision counters and control changes.
 *   npx tsx --conditions react-server bench/analytics-scale.ts
 * `npm run bench` (BENCH_ONLY=analytics) measures the same charts over HTTP on the demo's bench database.
 */
import pg from "pg";
import { sql, type SQL } from "drizzle-orm";
import { openDatabase, setDatabase } from "@/db";
import { migrateDatabase } from "@/db/migrate";
import { RAW_CASES, RAW_SPEND } from "@/lib/analytics/raw";
import * as analytics from "@/lib/analytics/service";
import { benchActor } from "./support/actor";

const TARGET = Number(process.env.BENCH_ANALYTICS_TRANSACTIONS ?? 10_000_000);
const BUILD_SECONDS = Number(process.env.BENCH_ANALYTICS_BUILD_SECONDS ?? 600);
const CASES = 20_000;
const CHUNK = 500_000;
const RUNS = Number(process.env.BENCH_ANALYTICS_RUNS ?? 30);
const url = process.env.BENCH_ANALYTICS_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/linkguard_bench_analytics";

async function ensureDatabase(): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: Object.assign(new URL(url), { pathname: "/postgres" }).toString() });
  await admin.connect();
  const exists = await admin.query("select 1 from pg_database where datname = $1", [name]);
  if (exists.rowCount === 0) await admin.query(`create database ${name}`);
  await admin.end();
}

await ensureDatabase();
const handle = await openDatabase({ url, poolSize: 2, statementTimeoutMs: 0 });
setDatabase(handle);
await migrateDatabase(handle);
const rows = async <T>(q: SQL) => ((await handle.db.execute(q)) as unknown as { rows: T[] }).rows;
const count = async (table: string) => Number((await rows<{ n: string }>(sql`select count(*) as n from ${sql.identifier(table)}`))[0]!.n);

const builder = new pg.Client({ connectionString: url });
await builder.connect();
const build = (text: string) => builder.query(text);
const started = Date.now();
const LINKS = Math.max(10_000, Math.round(TARGET / 10));
if ((await count("organisations")) === 0) {
  console.log(`[analytics bench] building: 35 banks, ${LINKS.toLocaleString("en")} links…`);
  await build(`insert into organisations (kind, name_ja, name_en) values ('carrier', 'ベンチ通信', 'Bench Carrier')`);
  await build(`insert into organisations (kind, name_ja, name_en, bank_code) select 'bank', 'ベンチ銀行' || g, 'Bench Bank ' || g, lpad((100 + g)::text, 4, '0') from generate_series(1, 35) g`);
  await build(`insert into wallets (id, email, registered_at) select 'wlt_a' || g, 'a' || g || '@bench.example', now() - interval '800 days' from generate_series(1, ${LINKS}) g`);
  await build(`
    with banks as (select array_agg(id order by bank_code) as ids from organisations where kind = 'bank')
    insert into linked_accounts (id, wallet_id, bank_id, branch_code, account_type, account_last4, account_hash, holder_name_kana, holder_name_search, verification, status, linked_at)
    select md5('al' || g)::uuid, 'wlt_a' || g, banks.ids[1 + g % 35], '123', 'ordinary', lpad((g % 10000)::text, 4, '0'), md5('ah' || g), 'ヤマダ タロウ', 'ヤマダタロウ',
      (array['pin_only','otp','identity_document'])[1 + g % 3]::verification_method, 'active', now() - (g % 730) * interval '1 day' - (g % 1440) * interval '1 minute'
    from generate_series(1, ${LINKS}) g, banks`);
  await build(`insert into incidents (reference, title, started_at) values ('INC-BENCH-001', 'Bench incident', now() - interval '400 days')`);
  await build(`
    insert into control_changes (bank_id, control, from_state, to_state, reason, changed_at)
    select id, 'registrations', 'open', 'suspended', 'bench', now() - (row_number() over (order by bank_code)) * interval '3 days' from organisations where kind = 'bank'`);
  await build(`
    insert into decision_counters (bank_id, operation, outcome, bucket_start, count)
    select b.id, op::decision_operation, oc::decision_outcome, date_trunc('hour', now()) - h * interval '1 hour', 1 + (h % 17)
    from organisations b, generate_series(0, 24 * 365) h, unnest(array['link','charge']) op, unnest(array['allow','deny']) oc
    where b.kind = 'bank'`);
}
let have = await count("transactions");
while (have < TARGET && (Date.now() - started) / 1000 < BUILD_SECONDS) {
  const n = Math.min(CHUNK, TARGET - have);
  await build(`
    insert into transactions (kind, wallet_id, linked_account_id, bank_id, amount_yen, merchant_name, merchant_category, occurred_at)
    select k, la.wallet_id, la.id, la.bank_id, 1000 * (1 + g % 300), case when k = 'payment' then 'Shop' end,
      case when k = 'payment' then (array['convenience_store','home_appliances','online','other'])[1 + g % 4]::merchant_category end,
      la.linked_at + (g % 1000) * interval '1 hour'
    from (select ${have} + s as g, case when s % 2 = 0 then 'charge' else 'payment' end::transaction_kind as k from generate_series(1, ${n}) s) x
    join linked_accounts la on la.id = md5('al' || (1 + x.g % ${LINKS}))::uuid`);
  have += n;
  console.log(`[analytics bench]   transactions ${have.toLocaleString("en")} (${Math.round((Date.now() - started) / 1000)} s)`);
}
if ((await count("cases")) === 0) {
  console.log(`[analytics bench] building ${CASES.toLocaleString("en")} cases with marks (the triggers write the rollups)…`);
  await build(`
    insert into cases (reference, bank_id, linked_account_id, incident_id, status, outcome, severity, loss_yen, confirmed_loss_yen, due_at, opened_at, closed_at)
    select 'C-A' || lpad(g::text, 7, '0'), la.bank_id, la.id, case when g % 3 = 0 then (select id from incidents limit 1) end,
      case when g % 5 < 3 then 'closed' else 'investigating' end::case_status,
      case when g % 5 < 2 then 'confirmed_fraud' when g % 5 = 2 then 'not_fraud' end::case_outcome,
      'high', 1000 * (1 + g % 900), case when g % 5 < 2 then 1000 * (1 + g % 900) else 0 end,
      now() - (g % 700) * interval '1 day' + interval '3 days', now() - (g % 700) * interval '1 day', case when g % 5 < 3 then now() - (g % 700) * interval '1 day' + interval '2 days' end
    from generate_series(1, ${CASES}) g join linked_accounts la on la.id = md5('al' || (g * 7))::uuid`);
  await build(`
    insert into case_transactions (case_id, transaction_id, fraudulent)
    select c.id, t.id, true from cases c cross join lateral (select id from transactions t where t.linked_account_id = c.linked_account_id limit 3) t`);
}
await build("analyze");
await builder.end();

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
