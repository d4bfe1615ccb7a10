/**
 * Blast radius, board and history timings on PostgreSQL with 1 million links and 10 million
 * transactions (a throw-away database, built once and kept between runs).
 *
 *   BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \
 *     npx tsx --conditions react-server bench/controls.ts
 *
 * The database `lg_controls_bench` is created next to the one in the URL. The population is
 * skewed like real partner banks: the largest bank holds ~17% of the links, the smallest well
 * under 1%. Transactions spread over a year (half of them charges). Prints a table; never fails on
 * a timing.
 */
import crypto from "node:crypto";
import pg from "pg";
import { openDatabase, setDatabase, type DatabaseHandle } from "@/db";
import { migrateDatabase } from "@/db/migrate";
import { seedOrganisationsAndStaff } from "@/db/seed";
import { organisations, users } from "@/db/schema";
import type { StaffActor } from "@/lib/auth/actor";
import { blastRadius, history, listControls } from "@/lib/controls/service";
import { eq } from "drizzle-orm";

// The demo staff's one-time secrets are sealed with it; any value does for a throw-away database.
process.env.AUTH_SECRET ??= "bench-controls-not-a-secret-0123456789abcdef";

const BASE = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const NAME = process.env.BENCH_CONTROLS_DB ?? "lg_controls_bench";
const LINKS = Number(process.env.BENCH_LINKS ?? 1_000_000);
const TRANSACTIONS = Number(process.env.BENCH_TRANSACTIONS ?? 10_000_000);
const WALLETS = Math.round(LINKS * 0.8);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);

function urlFor(name: string): string {
  const u = new URL(BASE);
  u.pathname = `/${name}`;
  return u.toString();
}

async function ensureDatabase(): Promise<void> {
  const admin = new pg.Client({ connectionString: BASE });
  await admin.connect();
  const exists = await admin.query("select 1 from pg_database where datname = $1", [NAME]);
  if (!exists.rowCount) await admin.query(`create database ${NAME}`);
  await admin.end();
}

async function step(client: pg.Client, label: string, sql: string): Promise<void> {
  const t0 = performance.now();
  await client.query(sql);
  console.log(`  ${label}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

/** Wallets, links and transactions generated in SQL, indexes built after the load. */
async function populate(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const [{ n }] = (await c.query("select count(*)::int as n from linked_accounts")).rows as [{ n: number }];
  const [{ t }] = (await c.query("select count(*)::int as t from transactions")).rows as [{ t: number }];
  if (n >= LINKS && t >= TRANSACTIONS) {
    await c.end();
    return;
  }
  console.log(`populating ${NAME}: ${LINKS} links, ${TRANSACTIONS} transactions`);
  await step(c, "truncate", "truncate transactions, linked_accounts, wallets cascade");
  await step(c, "set work_mem", "set work_mem = '256MB'");
  for (const ix of ["transactions_link_idx", "transactions_bank_idx"]) await c.query(`drop index if exists ${ix}`);
  for (const fk of ["transactions_wallet_id_wallets_id_fk", "transactions_linked_account_id_linked_accounts_id_fk", "transactions_bank_id_organisations_id_fk"])
    await c.query(`alter table transactions drop constraint if exists ${fk}`);
  await c.query("alter table transactions drop constraint if exists transactions_pkey cascade");
  await c.query(`create temp table bw as select id, row_number() over (order by bank_code)::int as i from organisations where kind = 'bank'`);
  await step(
    c,
    "wallets",
    `insert into wallets (id, email, status, registered_at)
     select 'w' || g, 'w' || g || '@example.test', 'active', now() - random() * interval '730 days' from generate_series(1, ${WALLETS}) g`,
  );
  await step(
    c,
    "links",
    `with s as materialized (
       select g, 1 + floor(35 * power(random(), 2))::int as bi, random() as rv, random() as rs, power(random(), 1.5) as rt from generate_series(1, ${LINKS}) g
     )
     insert into linked_accounts (wallet_id, bank_id, branch_code, account_type, account_last4, account_hash, holder_name_kana, holder_name_search, verification, status, linked_at)
     select 'w' || (1 + g % ${WALLETS}), bw.id, lpad((g % 1000)::text, 3, '0'), 'ordinary', lpad((g % 10000)::text, 4, '0'), md5(g::text), 'ﾃｽﾄ ﾀﾛｳ', 'テストタロウ',
       (case when rv < 0.6 then 'pin_only' when rv < 0.85 then 'otp' else 'identity_document' end)::verification_method,
       (case when rs < 0.9 then 'active' when rs < 0.95 then 'frozen' else 'removed' end)::link_status,
       now() - rt * interval '730 days'
     from s join bw on bw.i = s.bi`,
  );
  await step(c, "link numbers", `create temp table ln as select row_number() over ()::int as n, id, wallet_id, bank_id from linked_accounts`);
  await c.query("create unique index on ln (n)");
  const chunk = 2_000_000;
  for (let done = 0; done < TRANSACTIONS; done += chunk) {
    const size = Math.min(chunk, TRANSACTIONS - done);
    await step(
      c,
      `transactions ${done + size}`,
      `with s as materialized (
         select 1 + floor(random() * ${LINKS})::int as n, random() as rk, random() as ra, random() as rt from generate_series(1, ${size})
       )
       insert into transactions (id, kind, wallet_id, linked_account_id, bank_id, amount_yen, merchant_category, occurred_at)
       select gen_random_uuid(),
         (case when rk < 0.5 then 'charge' when rk < 0.9 then 'payment' else 'transfer' end)::transaction_kind,
         ln.wallet_id, ln.id, ln.bank_id, 100 + floor(ra * ra * 50000)::int,
         (case when rk >= 0.5 and rk < 0.9 then 'convenience_store' end)::merchant_category,
         now() - rt * interval '365 days'
       from s join ln using (n)`,
    );
  }
  await step(c, "transactions_pkey", `alter table transactions add constraint transactions_pkey primary key (id)`);
  await step(c, "transactions_link_idx", `create index transactions_link_idx on transactions using btree (linked_account_id, occurred_at desc nulls last, id desc nulls last)`);
  await step(c, "transactions_bank_idx", `create index transactions_bank_idx on transactions using btree (bank_id, occurred_at desc nulls last)`);
  await step(c, "vacuum analyze", "vacuum analyze");
  await c.end();
}

async function staffActor(handle: DatabaseHandle, email: string): Promise<StaffActor> {
  const [row] = await handle.db.select({ user: users, org: organisations }).from(users).innerJoin(organisations, eq(organisations.id, users.orgId)).where(eq(users.email, email));
  if (!row) throw new Error(`no ${email}`);
  return {
    kind: "staff",
    userId: row.user.id,
    sessionId: crypto.randomUUID(),
    email,
    displayName: row.user.displayName,
    roles: row.user.roles,
    orgId: row.org.id,
    orgKind: row.org.kind,
    bankId: row.org.kind === "bank" ? row.org.id : null,
    bankCode: row.org.bankCode,
    orgNameJa: row.org.nameJa,
    orgNameEn: row.org.nameEn,
    request: { requestId: "bench", ip: null },
  };
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

async function time(label: string, fn: () => Promise<unknown>, rows: string[][]): Promise<void> {
  await fn(); // warm
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  rows.push([label, pct(ms, 50).toFixed(1), pct(ms, 95).toFixed(1), Math.max(...ms).toFixed(1)]);
}

async function main(): Promise<void> {
  await ensureDatabase();
  const url = urlFor(NAME);
  const handle = await openDatabase({ url, poolSize: 5 });
  await migrateDatabase(handle);
  const [someone] = await handle.db.select({ id: users.id }).from(users).limit(1);
  if (!someone) await seedOrganisationsAndStaff(handle.db);
  await populate(url);
  setDatabase(handle);

  const sizes = await handle.pool!.query(
    `select o.bank_code, count(*)::int as links from linked_accounts l join organisations o on o.id = l.bank_id group by 1 order by 2 desc`,
  );
  const biggest = sizes.rows[0] as { bank_code: string; links: number };
  const median = sizes.rows[Math.floor(sizes.rows.length / 2)] as { bank_code: string; links: number };
  const smallest = sizes.rows.at(-1) as { bank_code: string; links: number };
  const counts = await handle.pool!.query(`select (select count(*) from linked_accounts)::int as links, (select count(*) from transactions)::int as tx`);
  console.log(`database ${NAME}: ${counts.rows[0].links} links, ${counts.rows[0].tx} transactions; biggest bank ${biggest.bank_code} (${biggest.links} links), median ${median.bank_code} (${median.links}), smallest ${smallest.bank_code} (${smallest.links})`);

  const carrier = await staffActor(handle, "manager@carrier.demo");
  const rows: string[][] = [];
  for (const b of [biggest, median, smallest]) {
    await time(`blastRadius charges→suspended @${b.bank_code} (${b.links} links)`, () => blastRadius(carrier, b.bank_code, "charges", "suspended"), rows);
    await time(`blastRadius charges→strong_only @${b.bank_code} (joins each charge's link)`, () => blastRadius(carrier, b.bank_code, "charges", "strong_only"), rows);
    await time(`blastRadius registrations→suspended @${b.bank_code}`, () => blastRadius(carrier, b.bank_code, "registrations", "suspended"), rows);
  }
  await time("listControls (35 banks, carrier)", () => listControls(carrier), rows);
  await time(`history @${biggest.bank_code} (50 entries)`, () => history(carrier, biggest.bank_code, { limit: 50 }), rows);

  const r = await blastRadius(carrier, biggest.bank_code, "charges", "suspended");
  console.log(`\nblast radius at ${biggest.bank_code}: ${JSON.stringify({ activeLinks: r.activeLinks, linksLast72h: r.linksLast72h, charges: r.charges })}`);
  console.log(`\n${["operation", "p50 ms", "p95 ms", "max ms"].join(" | ")}\n${rows.map((x) => x.join(" | ")).join("\n")}`);

  // The plans, for the record.
  const bankId = (await handle.pool!.query("select id from organisations where bank_code = $1", [biggest.bank_code])).rows[0].id as string;
  for (const [label, q] of [
    ["active links by verification", `select verification, count(*) from linked_accounts where bank_id = $1 and status = 'active' group by verification`],
    ["links in 72 h", `select verification, count(*) from linked_accounts where bank_id = $1 and linked_at >= now() - interval '72 hours' and linked_at <= now() group by verification`],
    [
      "charges in 7 days",
      `select count(*), sum(amount_yen) from transactions where bank_id = $1 and kind = 'charge' and occurred_at >= now() - interval '7 days' and occurred_at <= now()`,
    ],
    [
      "charges in 7 days by the link's verification (strong_only)",
      `select count(*), sum(t.amount_yen), count(*) filter (where coalesce(l.verification, 'pin_only') = 'pin_only') from transactions t left join linked_accounts l on l.id = t.linked_account_id where t.bank_id = $1 and t.kind = 'charge' and t.occurred_at >= now() - interval '7 days' and t.occurred_at <= now()`,
    ],
  ] as const) {
    const plan = await handle.pool!.query(`explain (analyze, buffers) ${q}`, [bankId]);
    console.log(`\n-- ${label}\n${plan.rows.map((p: Record<string, string>) => p["QUERY PLAN"]).join("\n")}`);
  }
  setDatabase(undefined);
  await handle.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
