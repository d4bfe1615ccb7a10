/**
 * The accounts list at 1 million links: database time of page 1 and of page 10,000 (EXPLAIN
 * ANALYZE execution + planning time of exactly the statements the list runs, median of N), their
 * ratio, and the API's p95 latency at 20 connections against the production server, signed in through the
 * real sign-in. Targets: each page ≤ 5 ms of database time, page 10,000 ≤ 1.5× page 1.
 *
 * Called by bench/run.ts as benchAccounts(ctx). Also runs alone for the database part:
 *   BENCH_DATABASE_URL=postgresql://… npx tsx --conditions react-server bench/accounts.ts
 * (BENCH_BASE_URL=http://127.0.0.1:3000 adds the API part when a server runs against that database.)
 */
import { sql, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import pg from "pg";
import type { Queryable } from "@/db";
import { CHARGES_WORK_MEM, encodeLinkCursor, fetchOrdered, listContext, type SortKey } from "@/lib/accounts/query";
import { linkFilters, type LinkFilters, type LinkFiltersInput } from "@/lib/accounts/schemas";
import { benchActor } from "./support/actor";
import type { BenchContext, BenchRow } from "./support/context";
import { httpLoad } from "./support/http-load";

const RUNS = Number(process.env.BENCH_ACCOUNTS_RUNS ?? 21);
const PAGE = 50;
const DEEP_PAGE = 10_000;
const CONNECTIONS = Number(process.env.BENCH_ACCOUNTS_CONNECTIONS ?? 20);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 3);
const DB_TARGET_MS = 5;
const RATIO_TARGET = 1.5;

type Exec = (q: SQL) => Promise<{ rows: Record<string, unknown>[] }>;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

interface Plan {
  "Execution Time": number;
  "Planning Time": number;
  Plan: Record<string, unknown>;
}

function indexesOf(node: Record<string, unknown>, out = new Set<string>()): Set<string> {
  if (typeof node["Index Name"] === "string") out.add(node["Index Name"]);
  for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) indexesOf(child, out);
  return out;
}

/**
 * A Queryable that runs each statement of the list under EXPLAIN ANALYZE (timing of the whole
 * statement only, so the instrumentation does not inflate it) and then for real, recording the
 * database time of every statement the page needed.
 */
function recorder(exec: Exec): { db: Queryable; statements: { ms: number; indexes: string[] }[] } {
  const statements: { ms: number; indexes: string[] }[] = [];
  const db: { transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>; execute(q: SQL): Promise<unknown> } = {
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      await exec(sql`begin`);
      try {
        const out = await fn(db as unknown as Queryable);
        await exec(sql`commit`);
        return out;
      } catch (e) {
        await exec(sql`rollback`);
        throw e;
      }
    },
    async execute(q: SQL) {
      if (q === CHARGES_WORK_MEM) return exec(q);
      const res = await exec(sql`explain (analyze, timing off, buffers off, format json) ${q}`);
      const cell = Object.values(res.rows[0] ?? {})[0];
      const plan = ((typeof cell === "string" ? JSON.parse(cell) : cell) as Plan[])[0]!;
      statements.push({ ms: plan["Execution Time"] + plan["Planning Time"], indexes: [...indexesOf(plan.Plan)] });
      return exec(q);
    },
  };
  return { db: db as unknown as Queryable, statements };
}

interface Scenario {
  label: string;
  bankId: string | null;
  filters: LinkFiltersInput;
}

interface Timed {
  ms: number;
  rows: number;
  indexes: string[];
}

/**
 * Database time of each page (cursor undefined: the first), median of RUNS after two warm-up
 * runs. The pages are measured in turn within each run, so a busy moment of the shared machine
 * weighs on all of them alike.
 */
async function pagesDbTime(exec: Exec, now: Date, s: Scenario, afters: (SortKey | undefined)[]): Promise<Timed[]> {
  const times: number[][] = afters.map(() => []);
  const out: Timed[] = afters.map(() => ({ ms: 0, rows: 0, indexes: [] }));
  const filters: LinkFilters = linkFilters.parse(s.filters);
  for (let i = 0; i < RUNS + 2; i++) {
    for (const [k, after] of afters.entries()) {
      const r = recorder(exec);
      const ctx = await listContext(r.db, benchActor(s.bankId), filters, now);
      r.statements.length = 0; // the bank-code lookup is not part of the page
      const page = await fetchOrdered(r.db, ctx, filters.sort, filters.order, after, PAGE + 1);
      out[k]!.rows = page.length;
      out[k]!.indexes = [...new Set(r.statements.flatMap((x) => x.indexes))];
      if (i >= 2) times[k]!.push(r.statements.reduce((sum, x) => sum + x.ms, 0));
    }
  }
  return out.map((o, k) => ({ ...o, ms: median(times[k]!) }));
}

/** The sort key of the row that ends page `page - 1`: where page `page` starts (bench set-up only; the app never uses OFFSET). */
async function cursorBefore(exec: Exec, now: Date, s: Scenario, page: number): Promise<{ key: SortKey; page: number } | null> {
  const f = linkFilters.parse(s.filters);
  const ctx = await listContext({ execute: exec } as unknown as Queryable, benchActor(s.bankId), f, now);
  const dir = sql.raw(f.order);
  const countRes = await exec(sql`select count(*)::int as n from linked_accounts la where ${ctx.where}`);
  const total = Number(countRes.rows[0]!.n);
  const want = Math.min(page, Math.ceil(total / PAGE));
  if (want < 2) return null;
  const offset = (want - 1) * PAGE - 1;
  if (f.sort === "linked_at") {
    const r = await exec(sql`select to_char(la.linked_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as t, la.id::text as id
      from linked_accounts la where ${ctx.where} order by la.linked_at ${dir}, la.id ${dir} offset ${offset} limit 1`);
    const row = r.rows[0]!;
    return { key: { linkedAt: String(row.t), id: String(row.id), yen: 0 }, page: want };
  }
  // 7-day sort: walk the pages with the list itself (charged links first), then jump by OFFSET within the uncharged ones.
  const charged = await exec(sql`select count(distinct t.linked_account_id)::int as n from transactions t join linked_accounts la on la.id = t.linked_account_id
    where ${ctx.where} and t.kind = 'charge' and t.occurred_at > ${ctx.since.toISOString()}::timestamptz and t.occurred_at <= ${ctx.now.toISOString()}::timestamptz`);
  const chargedN = Number(charged.rows[0]!.n);
  if (f.order !== "desc") throw new Error("bench: deep 7-day cursors are only set up for the descending sort");
  if (offset < chargedN) {
    const banks = ctx.bankId ? sql`t.bank_id = ${ctx.bankId}` : sql`true`;
    const r = await exec(sql`with c as (select t.linked_account_id as id, sum(t.amount_yen)::bigint as yen from transactions t
        where ${banks} and t.kind = 'charge' and t.occurred_at > ${ctx.since.toISOString()}::timestamptz and t.occurred_at <= ${ctx.now.toISOString()}::timestamptz group by 1)
      select c.yen::text as y, to_char(la.linked_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as t, la.id::text as id
      from c join linked_accounts la on la.id = c.id where ${ctx.where}
      order by c.yen desc, la.linked_at desc, la.id desc offset ${offset} limit 1`);
    const row = r.rows[0]!;
    return { key: { linkedAt: String(row.t), id: String(row.id), yen: Number(row.y) }, page: want };
  }
  const r = await exec(sql`select to_char(la.linked_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as t, la.id::text as id
    from linked_accounts la where ${ctx.where} and not exists (select 1 from transactions nt where nt.linked_account_id = la.id and nt.kind = 'charge'
      and nt.occurred_at > ${ctx.since.toISOString()}::timestamptz and nt.occurred_at <= ${ctx.now.toISOString()}::timestamptz)
    order by la.linked_at desc, la.id desc offset ${offset - chargedN} limit 1`);
  const row = r.rows[0]!;
  return { key: { linkedAt: String(row.t), id: String(row.id), yen: 0 }, page: want };
}

export interface AccountsBenchOptions {
  exec: Exec;
  log(line: string): void;
  baseUrl?: string;
  cookie?: () => Promise<string>;
}

export async function runAccountsBench(o: AccountsBenchOptions): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const stats = await o.exec(sql`select (select count(*)::int from linked_accounts) as links, (select reltuples::bigint::text from pg_class where relname = 'transactions') as tx,
    (select to_char(max(occurred_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') from transactions) as last_tx,
    (select id::text from organisations where kind = 'bank' order by bank_code limit 1) as bank_id,
    s.account_last4 as last4, split_part(replace(s.holder_name_kana, '　', ' '), ' ', 1) as family, s.wallet_id as wallet, w.email
    from (select * from linked_accounts where wallet_id like 'wlt\_%' order by linked_at desc nulls last, id desc nulls last offset 1000 limit 1) s join wallets w on w.id = s.wallet_id`);
  // The sample is a seeded link (wallet ids wlt_…), not one the events bench made (wb-…, all "ﾍﾞﾝﾁ ﾀﾛｳ").
  const s0 = stats.rows[0]!;
  // The 7-day window ends at the newest transaction, so the charge figures are those of a busy week.
  const now = s0.last_tx ? new Date(String(s0.last_tx)) : new Date();
  o.log(`accounts: ${Number(s0.links).toLocaleString("en")} links, ~${Number(s0.tx).toLocaleString("en")} transactions; 7-day window ends ${now.toISOString()}`);

  const scenarios: (Scenario & { target: boolean })[] = [
    { label: "carrier, linked_at", bankId: null, filters: {}, target: true },
    { label: "one bank, linked_at", bankId: String(s0.bank_id), filters: {}, target: true },
    { label: "carrier, active + pin_only", bankId: null, filters: { status: "active", verification: "pin_only" }, target: true },
    { label: "carrier, frozen", bankId: null, filters: { status: "frozen" }, target: true },
    { label: "carrier, with an open case", bankId: null, filters: { hasOpenCase: "true" }, target: true },
    { label: "carrier, linked in one month", bankId: null, filters: { linkedFrom: "2020-03-01", linkedTo: "2020-03-31" }, target: true },
    { label: "carrier, charges_7d", bankId: null, filters: { sort: "charges_7d" }, target: false },
    { label: "search: last four digits", bankId: null, filters: { q: String(s0.last4) }, target: true },
    { label: "search: katakana family name", bankId: null, filters: { q: String(s0.family) }, target: true },
    { label: "search: wallet id prefix", bankId: null, filters: { q: String(s0.wallet).slice(0, -2) }, target: true },
    { label: "search: e-mail prefix", bankId: null, filters: { q: String(s0.email).split("@")[0]!.toUpperCase() }, target: true },
    { label: "one bank, charges_7d", bankId: String(s0.bank_id), filters: { sort: "charges_7d" }, target: false },
  ];
  const CHARGED_PAGE = 500;
  const deepCursors = new Map<string, SortKey>();
  for (const s of scenarios) {
    const deep = await cursorBefore(o.exec, now, s, DEEP_PAGE);
    // The 7-day sort's page 10,000 is among the links without a charge; page 500 is among the charged ones.
    const middle = s.filters.sort === "charges_7d" && !s.bankId ? await cursorBefore(o.exec, now, s, CHARGED_PAGE) : null;
    const charged = middle && middle.key.yen > 0 ? middle : null;
    const [first, d, m] = await pagesDbTime(o.exec, now, s, [undefined, ...(deep ? [deep.key] : []), ...(charged ? [charged.key] : [])]);
    const target = s.target ? `≤ ${DB_TARGET_MS} ms` : undefined;
    rows.push({
      bench: "accounts",
      metric: `db page 1 (${s.label})`,
      value: first!.ms,
      unit: "ms",
      target,
      met: s.target ? first!.ms <= DB_TARGET_MS : null,
      note: `median of ${RUNS}, EXPLAIN ANALYZE execution + planning; indexes: ${first!.indexes.join(", ") || "none"}`,
    });
    o.log(`accounts ${s.label}: page 1 ${first!.ms.toFixed(2)} ms [${first!.indexes.join(", ")}]`);
    if (charged && m) {
      rows.push({ bench: "accounts", metric: `db page ${charged.page} (${s.label}, charged links)`, value: m.ms, unit: "ms", baseline: first!.ms, note: `cursor at ${charged.key.yen} yen` });
      o.log(`accounts ${s.label}: page ${charged.page} (charged) ${m.ms.toFixed(2)} ms`);
    }
    if (deep && d) {
      deepCursors.set(s.label, deep.key);
      const ratio = d.ms / first!.ms;
      rows.push({
        bench: "accounts",
        metric: `db page ${deep.page.toLocaleString("en")} (${s.label})`,
        value: d.ms,
        unit: "ms",
        baseline: first!.ms,
        target: s.target ? `≤ ${DB_TARGET_MS} ms, ≤ ${RATIO_TARGET}× page 1` : undefined,
        met: s.target ? d.ms <= DB_TARGET_MS && ratio <= RATIO_TARGET : null,
        note: `${d.rows} rows read; indexes: ${d.indexes.join(", ") || "none"}`,
      });
      o.log(`accounts ${s.label}: page ${deep.page} ${d.ms.toFixed(2)} ms (${ratio.toFixed(2)}× page 1)`);
    }
  }

  if (o.baseUrl && o.cookie) {
    const cookie = await o.cookie();
    const deep = deepCursors.get("carrier, linked_at");
    const urls = [`${o.baseUrl}/api/v1/accounts`];
    if (deep) urls.push(`${o.baseUrl}/api/v1/accounts?cursor=${encodeLinkCursor({ sort: "linked_at", order: "desc", ...deep, before: false })}`);
    const check = await fetch(urls.at(-1)!, { headers: { cookie } });
    if (!check.ok) throw new Error(`GET ${urls.at(-1)} answered ${check.status}: ${await check.text()}`);
    const page = (await check.json()) as { items: unknown[] };
    if (page.items.length !== PAGE) throw new Error(`the deep page has ${page.items.length} rows, not ${PAGE}`);
    // The floor: the same signed-in request through the same wrapper, answering from the session alone.
    const load = async (url: string) => {
      await httpLoad([url], cookie, CONNECTIONS, WARMUP_S);
      return httpLoad([url], cookie, CONNECTIONS, DURATION_S);
    };
    const floor = await load(`${o.baseUrl}/api/v1/me`);
    o.log(`accounts API floor (GET /api/v1/me): ${Math.round(floor.rps)} req/s, p50 ${floor.p50.toFixed(1)} ms, p95 ${floor.p95.toFixed(1)} ms, errors ${floor.errors}`);
    for (const [label, url] of [
      ["page 1", urls[0]!],
      [`page ${DEEP_PAGE.toLocaleString("en")}`, urls.at(-1)!],
    ] as const) {
      const r = await load(url);
      o.log(`accounts API ${label}: ${Math.round(r.rps)} req/s, p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, errors ${r.errors}`);
      rows.push({
        bench: "accounts",
        metric: `API p95, ${label} (${CONNECTIONS} conn.)`,
        value: r.p95,
        unit: "ms",
        baseline: floor.p95,
        note: `GET /api/v1/accounts as a carrier investigator, ${r.requests} requests in ${DURATION_S} s after ${WARMUP_S} s warm-up: ${Math.round(r.rps)} req/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, ${r.errors} errors; baseline: GET /api/v1/me (session check only) at ${Math.round(floor.rps)} req/s; Node fetch loop in the bench process, sharing 2 cores with the server and PostgreSQL`,
      });
      rows.push({ bench: "accounts", metric: `API req/s, ${label}`, value: r.rps, unit: "req/s", baseline: floor.rps });
    }
  }
  return rows;
}

const dialect = new PgDialect();

/** One connection of the pool for the whole bench (the 7-day sort runs in a transaction of its own). */
async function withExec<T>(pool: pg.Pool, fn: (exec: Exec) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await fn(async (q) => {
      const { sql: text, params } = dialect.sqlToQuery(q);
      const res = await client.query(text, params);
      return { rows: res.rows as Record<string, unknown>[] };
    });
  } finally {
    client.release();
  }
}

/** What bench/run.ts calls. */
export async function benchAccounts(ctx: BenchContext): Promise<BenchRow[]> {
  if (!ctx.db.pool) throw new Error("the accounts bench needs PostgreSQL");
  return withExec(ctx.db.pool, (exec) => runAccountsBench({ exec, log: ctx.log, baseUrl: ctx.baseUrl, cookie: () => ctx.staffCookie("investigator@carrier.demo") }));
}


// Alone: the database part against BENCH_DATABASE_URL (and the API part when BENCH_BASE_URL and BENCH_COOKIE are set).
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) throw new Error("set BENCH_DATABASE_URL");
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  try {
    const cookie = process.env.BENCH_COOKIE;
    const rows = await withExec(pool, (exec) =>
      runAccountsBench({ exec, log: (l) => console.log(`[bench] ${l}`), baseUrl: process.env.BENCH_BASE_URL, cookie: cookie ? async () => cookie : undefined }),
    );
    for (const r of rows) console.log(`${r.metric.padEnd(48)} ${r.value === null ? "—" : r.value.toFixed(2)} ${r.unit}${r.baseline ? ` (${(r.value! / r.baseline).toFixed(2)}× page 1)` : ""}${r.target ? `  target ${r.target}: ${r.met ? "met" : "NOT met"}` : ""}`);
  } finally {
    await pool.end();
  }
}
