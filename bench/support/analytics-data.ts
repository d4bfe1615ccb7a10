import pg from "pg";
import { sql } from "drizzle-orm";
import { openDatabase } from "@/db";
import { migrateDatabase } from "@/db/migrate";
import { seedOrganisationsAndStaff } from "@/db/seed";
import { dropSecondaryStructures, rebuildSecondaryStructures } from "@/db/seed/bulk-load";
import { BENCH_AUTH_SECRET } from "./database";

/**
 * The analytics bench's database (#16 §2): a large history generated set-based, in one
 * transaction, without the demo seed's story and live queue (whose row-by-row planning does not
 * scale: the demo seed at BENCH_SCALE ≥ 5 stalled in db/seed/live-queue.ts). The demo's
 * organisations and staff (so the bench signs in as manager@carrier.demo over HTTP), then
 *  - wallets and links (a tenth of the transactions; a third of the links PIN-only, a third OTP, a
 *    third identity document; linked over two years),
 *  - transactions: charges and payments, each `INSERT … SELECT generate_series` chunk computing its
 *    link, wallet, bank and time from the row's number (no join, no lookup), with the tables'
 *    secondary indexes and foreign keys dropped during the load and rebuilt once after it
 *    (db/seed/bulk-load.ts),
 *  - 20,000 cases (a third in the incident INC-BENCH-001, two fifths confirmed fraud), each with
 *    three of its link's transactions marked fraudulent,
 *  - a year of hourly decision counters (35 banks × link/charge × allow/deny) and control changes,
 * with the rollup triggers off during the load (session_replication_role = replica) and the
 * rollups built once after it, by the same statements migrations 0025, 0029 and 0031 fill an
 * existing database with. BENCH_ANALYTICS_TRANSACTIONS (default 10,000,000) is the target;
 * BENCH_ANALYTICS_BUILD_SECONDS (default 1,800) stops the load early at whatever scale it reached
 * (the marker and the bench say which). A comment on the database marks a finished build; a
 * database without it, or built for another target, is dropped and built again.
 */

export const ANALYTICS_DATABASE_URL = process.env.BENCH_ANALYTICS_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/linkguard_analytics_bench";
const VERSION = 1;
const CHUNK = 1_000_000;
const CASES = 20_000;
export const BENCH_INCIDENT = "INC-BENCH-001";

const marker = (target: number) => `linkguard-analytics-bench v${VERSION} target=${target}`;

export interface AnalyticsDatabase {
  url: string;
  transactions: number;
  builtNow: boolean;
}

export async function ensureAnalyticsDatabase(log: (line: string) => void = console.log): Promise<AnalyticsDatabase> {
  process.env.AUTH_SECRET = BENCH_AUTH_SECRET;
  const target = Number(process.env.BENCH_ANALYTICS_TRANSACTIONS ?? 10_000_000);
  const budget = Number(process.env.BENCH_ANALYTICS_BUILD_SECONDS ?? 1_800);
  const u = new URL(ANALYTICS_DATABASE_URL);
  const name = decodeURIComponent(u.pathname.slice(1));
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`analytics bench database name must be a plain identifier, not "${name}"`);
  u.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: u.toString() });
  await admin.connect();
  try {
    const found = await admin.query<{ comment: string | null }>("select shobj_description(oid, 'pg_database') as comment from pg_database where datname = $1", [name]);
    const comment = found.rows[0]?.comment ?? "";
    if (comment.startsWith(`${marker(target)} `)) {
      const handle = await openDatabase({ url: ANALYTICS_DATABASE_URL, statementTimeoutMs: 0 });
      try {
        await migrateDatabase(handle);
        const [row] = ((await handle.db.execute(sql`select count(*)::bigint as n from transactions`)) as unknown as { rows: { n: string }[] }).rows;
        return { url: ANALYTICS_DATABASE_URL, transactions: Number(row!.n), builtNow: false };
      } finally {
        await handle.close();
      }
    }
    if (found.rowCount) {
      log(`analytics bench database ${name}: not built for ${target.toLocaleString("en")} transactions; dropping it`);
      await admin.query(`drop database ${name} with (force)`);
    }
    await admin.query(`create database ${name}`);
    const transactions = await build(target, budget, log);
    await admin.query(`comment on database ${name} is '${marker(target)} built=${transactions} at ${new Date().toISOString()}'`);
    return { url: ANALYTICS_DATABASE_URL, transactions, builtNow: true };
  } finally {
    await admin.end();
  }
}

async function build(target: number, budgetSeconds: number, log: (line: string) => void): Promise<number> {
  const handle = await openDatabase({ url: ANALYTICS_DATABASE_URL, statementTimeoutMs: 0, poolSize: 1 });
  const started = Date.now();
  const elapsed = () => Math.round((Date.now() - started) / 1000);
  const links = Math.max(10_000, Math.round(target / 10));
  let have = 0;
  try {
    await migrateDatabase(handle);
    await handle.db.transaction(async (tx) => {
      await seedOrganisationsAndStaff(tx);
      await tx.execute(sql`set local maintenance_work_mem = '512MB'`);
      await tx.execute(sql`set local session_replication_role = replica`);
      // One present for the whole history, so every chunk agrees with the links' times.
      await tx.execute(sql`create temp table bench_anchor on commit drop as
        select date_trunc('hour', now()) as at, array_agg(id order by bank_code) as banks from organisations where kind = 'bank'`);
      await dropSecondaryStructures(tx, ["wallets", "linked_accounts", "transactions"]);
      log(`analytics bench: ${links.toLocaleString("en")} wallets and links…`);
      await tx.execute(sql`insert into wallets (id, email, registered_at)
        select 'wlt_a' || g, 'a' || g || '@bench.example', a.at - interval '800 days' from generate_series(1, ${links}::int) g, bench_anchor a`);
      await tx.execute(sql`insert into linked_accounts (id, wallet_id, bank_id, branch_code, account_type, account_last4, account_hash, holder_name_kana, holder_name_search, verification, status, linked_at)
        select md5('al' || g)::uuid, 'wlt_a' || g, a.banks[1 + g % 35], '123', 'ordinary', lpad((g % 10000)::text, 4, '0'), md5('ah' || g), 'ヤマダ タロウ', 'ヤマダタロウ',
          (array['pin_only','otp','identity_document'])[1 + g % 3]::verification_method, 'active', a.at - (g % 730) * interval '1 day' - (g % 1440) * interval '1 minute'
        from generate_series(1, ${links}::int) g, bench_anchor a`);
      while (have < target && elapsed() < budgetSeconds) {
        const n = Math.min(CHUNK, target - have);
        // Transaction g belongs to link 1 + g % links: its wallet, bank and link time follow from that number as above.
        await tx.execute(sql`insert into transactions (kind, wallet_id, linked_account_id, bank_id, amount_yen, merchant_name, merchant_category, occurred_at)
          select x.k, 'wlt_a' || x.l, md5('al' || x.l)::uuid, a.banks[1 + x.l % 35], 1000 * (1 + x.g % 300), case when x.k = 'payment' then 'Shop' end,
            case when x.k = 'payment' then (array['convenience_store','home_appliances','online','other'])[1 + x.g % 4]::merchant_category end,
            least(a.at, a.at - (x.l % 730) * interval '1 day' - (x.l % 1440) * interval '1 minute' + (x.g % 1000) * interval '1 hour')
          from (select g, 1 + g % ${links}::bigint as l, case when g % 2 = 0 then 'charge' else 'payment' end::transaction_kind as k
                from generate_series(${have + 1}::bigint, ${have + n}::bigint) g) x, bench_anchor a`);
        have += n;
        log(`analytics bench:   transactions ${have.toLocaleString("en")} (${elapsed()} s)`);
      }
      log(`analytics bench: indexes and foreign keys… (${elapsed()} s)`);
      await rebuildSecondaryStructures(tx, () => undefined);
      const cases = Math.min(CASES, Math.floor(links / 7));
      log(`analytics bench: ${cases.toLocaleString("en")} cases with marks, decision counters, control changes… (${elapsed()} s)`);
      await tx.execute(sql`insert into incidents (reference, title, started_at) select ${BENCH_INCIDENT}, 'Bench incident', a.at - interval '400 days' from bench_anchor a`);
      await tx.execute(sql`insert into cases (reference, bank_id, linked_account_id, incident_id, status, outcome, severity, loss_yen, confirmed_loss_yen, due_at, opened_at, closed_at)
        select 'C-A' || lpad(g::text, 7, '0'), a.banks[1 + l % 35], md5('al' || l)::uuid, case when g % 3 = 0 then (select id from incidents limit 1) end,
          case when g % 5 < 3 then 'closed' else 'investigating' end::case_status,
          case when g % 5 < 2 then 'confirmed_fraud' when g % 5 = 2 then 'not_fraud' end::case_outcome,
          'high', 1000 * (1 + g % 900), case when g % 5 < 2 then 1000 * (1 + g % 900) else 0 end,
          a.at - (g % 700) * interval '1 day' + interval '3 days', a.at - (g % 700) * interval '1 day', case when g % 5 < 3 then a.at - (g % 700) * interval '1 day' + interval '2 days' end
        from (select g, 1 + (g * 7) % ${links}::int as l from generate_series(1, ${cases}::int) g) x, bench_anchor a`);
      await tx.execute(sql`insert into case_transactions (case_id, transaction_id, fraudulent)
        select c.id, t.id, true from cases c cross join lateral (select id from transactions t where t.linked_account_id = c.linked_account_id order by occurred_at desc, id desc limit 3) t`);
      await tx.execute(sql`insert into decision_counters (bank_id, operation, outcome, bucket_start, count)
        select b, op::decision_operation, oc::decision_outcome, a.at - h * interval '1 hour', 1 + (h % 17)
        from bench_anchor a, unnest(a.banks) b, generate_series(0, 24 * 365) h, unnest(array['link','charge']) op, unnest(array['allow','deny']) oc`);
      await tx.execute(sql`insert into control_changes (bank_id, control, from_state, to_state, reason, changed_at)
        select b, 'registrations', 'open', 'suspended', 'bench', a.at - i * interval '3 days' from bench_anchor a, unnest(a.banks) with ordinality as u(b, i)`);
      log(`analytics bench: rollups, once (${elapsed()} s)`);
      await tx.execute(sql`insert into analytics_link_rollups (day, bank_id, verification, links)
        select (linked_at at time zone 'Asia/Tokyo')::date, bank_id, verification::text, count(*) from linked_accounts group by 1, 2, 3`);
      await tx.execute(sql`insert into analytics_decision_rollups (day, bank_id, operation, outcome, decisions)
        select (bucket_start at time zone 'Asia/Tokyo')::date, bank_id, operation::text, outcome::text, sum(count) from decision_counters group by 1, 2, 3, 4`);
      await tx.execute(sql`select analytics_refresh_cases(array_agg(id)) from cases`);
      await tx.execute(sql`select analytics_fill_coarse_rollups()`);
    });
    log(`analytics bench: vacuum analyze (${elapsed()} s)`);
    await handle.db.execute(sql`vacuum (analyze) wallets, linked_accounts, transactions`);
    await handle.db.execute(sql`analyze`);
    log(`analytics bench: ${have.toLocaleString("en")} transactions built in ${elapsed()} s`);
    return have;
  } finally {
    await handle.close();
  }
}
