/**
 * The case queue at 100,000 cases (issue #14 §7): database time of the queue's first page and of a
 * deep page (the cursor of the row at depth ~1,000 pages of 50), each beside the OFFSET query of
 * the same page, read from EXPLAIN ANALYZE (planning + execution) of the very SQL the API runs
 * (lib/cases/list.ts pageQuery). Its own database (BENCH_QUEUE_DATABASE_URL, default
 * postgresql://postgres@127.0.0.1:5432/linkguard_bench_queue), built once: the migrations, the
 * demo organisations and staff, then 100,000 wallets, links and cases (every status, severity, SLA
 * state, some snoozed; nobody assigned: the bench has no staff) generated set-based in SQL. Prints a table; never fails on a timing.
 *   npx tsx --conditions react-server bench/cases-queue.ts
 * `npm run bench` runs it too (BENCH_ONLY=cases-queue) and puts each view's first and deep page in its table.
 */
import { pathToFileURL } from "node:url";
import pg from "pg";
import { sql, type SQL } from "drizzle-orm";
import { openDatabase } from "@/db";
import { migrateDatabase } from "@/db/migrate";
import { caseConditions, pageQuery, sortOf } from "@/lib/cases/list";
import { caseListQuery } from "@/lib/cases/schemas";
import { benchActor } from "./support/actor";
import type { BenchRow } from "./support/context";

const CASES = Number(process.env.BENCH_QUEUE_CASES ?? 100_000);
const PAGE = 50;
const DEPTH_PAGES = Number(process.env.BENCH_QUEUE_DEPTH ?? 1_000);
const RUNS = Number(process.env.BENCH_QUEUE_RUNS ?? 15);
const url = process.env.BENCH_QUEUE_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/linkguard_bench_queue";

async function ensureDatabase(): Promise<void> {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  const admin = new pg.Client({ connectionString: Object.assign(new URL(url), { pathname: "/postgres" }).toString() });
  await admin.connect();
  const exists = await admin.query("select 1 from pg_database where datname = $1", [name]);
  if (exists.rowCount === 0) await admin.query(`create database ${name}`);
  await admin.end();
}

/** The table's rows (and the printed table's lines, through `log`). */
export async function benchCasesQueue(log: (line: string) => void = console.log): Promise<BenchRow[]> {
  await ensureDatabase();
  const handle = await openDatabase({ url, poolSize: 1 });
  try {
    await migrateDatabase(handle);
    const rows = async <T>(q: SQL) => ((await handle.db.execute(q)) as unknown as { rows: T[] }).rows;

    const [have] = await rows<{ n: number }>(sql`select count(*)::int as n from cases`);
    if ((have?.n ?? 0) < CASES) {
      // The pool's timeouts are for requests: the build runs on a connection of its own.
      const builder = new pg.Client({ connectionString: url });
      await builder.connect();
      const build = (text: string) => builder.query(text.replaceAll("\${CASES}", String(CASES)));
      log(`[queue bench] building ${CASES.toLocaleString("en")} cases…`);
      await build(`truncate cases, linked_accounts, wallets cascade`);
      // 35 banks of their own (the demo seed's module graph loads next-intl, which this react-server script cannot).
      await build(`
        insert into organisations (kind, name_ja, name_en, bank_code)
        select 'bank', 'ベンチ銀行' || g, 'Bench Bank ' || g, lpad((100 + g)::text, 4, '0')
        from generate_series(1, 35) g
        where not exists (select 1 from organisations where kind = 'bank')`);
      await build(`
        insert into wallets (id, email, registered_at)
        select 'wlt_q' || lpad(g::text, 7, '0'), 'q' || g || '@bench.example', now() - interval '400 days'
        from generate_series(1, \${CASES}) g`);
      await build(`
        with banks as (select array_agg(id order by bank_code) as ids from organisations where kind = 'bank')
        insert into linked_accounts (id, wallet_id, bank_id, branch_code, account_type, account_last4, account_hash, holder_name_kana, holder_name_search, verification, status, linked_at)
        select md5('ql' || g)::uuid, 'wlt_q' || lpad(g::text, 7, '0'), banks.ids[1 + g % array_length(banks.ids, 1)], '123', 'ordinary',
               lpad((g % 10000)::text, 4, '0'), md5('qh' || g), 'ヤマダ タロウ', 'ヤマダタロウ', 'pin_only', 'active', now() - (g % 365) * interval '1 day'
        from generate_series(1, \${CASES}) g, banks`);
      await build(`
        insert into cases (reference, bank_id, linked_account_id, status, outcome, severity, priority, loss_yen, assignee_id, due_at, snoozed_until, opened_at, closed_at, last_activity_at)
        select 'C-B' || lpad(g::text, 7, '0'), la.bank_id, la.id,
               (array['new','triage','investigating','closed'])[1 + g % 4]::case_status,
               case when g % 4 = 3 then (array['confirmed_fraud','not_fraud','inconclusive'])[1 + g % 3]::case_outcome end,
               (array['low','medium','high','critical'])[1 + (g / 7) % 4]::case_severity, g % 5, (g % 37) * 10000,
               null,
               now() + ((g % 240) - 60) * interval '1 hour',
               case when g % 50 = 0 then now() + interval '3 days' end,
               now() - (g % 300) * interval '1 hour', case when g % 4 = 3 then now() end, now() - (g % 1000) * interval '1 minute'
        from generate_series(1, \${CASES}) g
        join linked_accounts la on la.id = md5('ql' || g)::uuid`);
      await build(`analyze`);
      await builder.end();
    }

    const carrier = benchActor(null);
    const now = new Date();

    /** Planning + execution time of a statement, from EXPLAIN (ANALYZE), median of RUNS after a warm-up. */
    async function dbTime(q: SQL): Promise<{ ms: number; plan: string }> {
      const times: number[] = [];
      let plan = "";
      for (let i = 0; i < RUNS + 2; i++) {
        const [r] = await rows<Record<string, unknown>>(sql`explain (analyze, format json) ${q}`);
        const raw = Object.values(r!)[0];
        const doc = (typeof raw === "string" ? JSON.parse(raw) : raw) as { Plan: { "Node Type": string }; "Planning Time": number; "Execution Time": number }[];
        if (i >= 2) times.push(doc[0]!["Planning Time"] + doc[0]!["Execution Time"]);
        plan = JSON.stringify(doc[0]!.Plan).match(/"Index Name":"([^"]+)"/)?.[1] ?? doc[0]!.Plan["Node Type"];
      }
      times.sort((a, b) => a - b);
      return { ms: times[Math.floor(times.length / 2)]!, plan };
    }

    const table: string[][] = [["view", "page", "keyset ms", "OFFSET ms", "ratio", "index", "≤ 5 ms?"]];
    const out: BenchRow[] = [];
    for (const [label, params] of [
      ["open, due first (default)", {}],
      ["open, loss", { sort: "loss" }],
      ["all statuses, last activity", { status: "all", sort: "activity" }],
      ["unassigned, due first", { assignee: "unassigned" }],
    ] as [string, Record<string, string>][]) {
      const q = caseListQuery.parse(params);
      const { sort, order } = sortOf(q);
      const filters = { ...q, cursor: undefined };
      const where = await caseConditions(handle.db, carrier, filters, now);
      const first = await dbTime(pageQuery(where, sort, order, undefined, PAGE + 1));
      const firstOffset = await dbTime(pageQuery(where, sort, order, undefined, PAGE + 1, 0));
      // The cursor a person following nextCursor would hold ~DEPTH_PAGES pages in: the key of the row before that page.
      const depth = DEPTH_PAGES * PAGE;
      const [edge] = await rows<{ id: string; at: string; yen: string }>(sql`
        select x.id::text as id, to_char(x.${sql.raw(sort === "loss" ? "due_at" : sort === "due" ? "due_at" : sort === "opened" ? "opened_at" : "last_activity_at")} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at, x.loss_yen::text as yen
        from (${pageQuery(where, sort, order, undefined, 1, depth - 1)}) p join cases x on x.id = p.id::uuid`);
      if (!edge) {
        table.push([label, `deep (${DEPTH_PAGES})`, "—", "—", "—", "fewer rows than the depth", "—"]);
        continue;
      }
      const key = { at: edge.at, yen: Number(edge.yen), id: edge.id };
      const deep = await dbTime(pageQuery(where, sort, order, key, PAGE + 1));
      const deepOffset = await dbTime(pageQuery(where, sort, order, undefined, PAGE + 1, depth));
      const fmt = (v: number) => v.toFixed(2);
      table.push([label, "first", fmt(first.ms), fmt(firstOffset.ms), `${(firstOffset.ms / first.ms).toFixed(1)}×`, first.plan, first.ms <= 5 ? "yes" : "NO"]);
      table.push([label, `deep (page ${DEPTH_PAGES + 1})`, fmt(deep.ms), fmt(deepOffset.ms), `${(deepOffset.ms / deep.ms).toFixed(1)}×`, deep.plan, deep.ms <= 5 ? "yes" : "NO"]);
      for (const [page, r, offset] of [["first page", first, firstOffset], [`page ${DEPTH_PAGES + 1}`, deep, deepOffset]] as const)
        out.push({ bench: "cases-queue", metric: `DB time, ${label}, ${page}`, value: r.ms, unit: "ms", baseline: offset.ms, target: "≤ 5 ms", met: r.ms <= 5, note: `baseline: the OFFSET query of the same page; index ${r.plan}` });
    }
    const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
    const [count] = await rows<{ n: number; open: number }>(sql`select count(*)::int as n, count(*) filter (where status <> 'closed')::int as open from cases`);
    log(`Case queue, ${count!.n.toLocaleString("en")} cases (${count!.open.toLocaleString("en")} open), pages of ${PAGE}, median of ${RUNS} EXPLAIN ANALYZE runs (planning + execution):`);
    for (const [i, r] of table.entries()) {
      log(r.map((c, j) => c.padEnd(widths[j]!)).join("  "));
      if (i === 0) log(widths.map((w) => "-".repeat(w)).join("  "));
    }
    return out;
  } finally {
    await handle.close();
  }
}

// Run directly: npx tsx --conditions react-server bench/cases-queue.ts
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchCasesQueue();
}
