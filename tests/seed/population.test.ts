import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { seedDemo } from "@/db/seed";
import { CASE_COUNT } from "@/db/seed/cases";
import { toHalfWidthKana } from "@/db/seed/names";
import { populationCounts } from "@/db/seed/population";
import { RECENT_DAYS, recentCount } from "@/db/seed/recent";
import { STORY_END } from "@/db/seed/calendar";
import { normaliseKana } from "@/lib/kana";
import { freshDatabase, describeEachDb } from "../support/db";
import { STORY_CASES, TEST_SCALE, numbers, rows } from "./support";

const HALF_WIDTH = /[\uFF61-\uFF9F]/;

describeEachDb("demo seed: the ordinary population", (ctx) => {
  beforeAll(async () => {
    await seedDemo(ctx.handle, { scale: TEST_SCALE });
  });

  it("population scales: wallets = links = round(20,000 × scale) and transactions = round(200,000 × scale), plus the recent days and the fixed story", async () => {
    expect(populationCounts(TEST_SCALE)).toEqual({ wallets: 400, links: 400, transactions: 4_000 });
    expect(populationCounts(1)).toEqual({ wallets: 20_000, links: 20_000, transactions: 200_000 });
    expect(populationCounts(50)).toEqual({ wallets: 1_000_000, links: 1_000_000, transactions: 10_000_000 });
    const c = await numbers<"wallets" | "links" | "transactions" | "story_transactions" | "banks">(
      ctx.handle.db,
      sql`select
        (select count(*)::int from wallets) as wallets,
        (select count(*)::int from linked_accounts) as links,
        (select count(*)::int from transactions) as transactions,
        (select count(*)::int from case_transactions ct join ${STORY_CASES} c on c.id = ct.case_id) as story_transactions,
        (select count(distinct bank_id)::int from linked_accounts) as banks`,
    );
    expect(c.wallets).toBe(400 + CASE_COUNT);
    expect(c.links).toBe(400 + CASE_COUNT);
    expect(c.transactions).toBe(4_000 + recentCount(TEST_SCALE) + c.story_transactions);
    expect(c.banks).toBe(35);

    // The story does not depend on the scale: half the scale, same story, half the population.
    const other = await freshDatabase(ctx.kind);
    try {
      await seedDemo(other, { scale: TEST_SCALE / 2 });
      const o = await numbers(
        other.db,
        sql`select (select count(*)::int from linked_accounts) as links, (select count(*)::int from transactions) as transactions,
          (select count(*)::int from case_transactions ct join ${STORY_CASES} c on c.id = ct.case_id) as story_transactions, (select sum(loss_yen)::bigint from ${STORY_CASES} c) as loss`,
      );
      expect(o).toEqual({ links: 200 + CASE_COUNT, transactions: 2_000 + recentCount(TEST_SCALE / 2) + c.story_transactions, story_transactions: c.story_transactions, loss: 25_420_000 });
    } finally {
      await other.close();
    }
    // A second seed inside the test: minutes on a loaded machine.
  }, 240_000);

  it("half- and full-width holder names share one search key", async () => {
    const links = await rows<{ holder_name_kana: string; holder_name_search: string }>(ctx.handle.db, sql`select holder_name_kana, holder_name_search from linked_accounts`);
    for (const l of links) expect(l.holder_name_search).toBe(normaliseKana(l.holder_name_kana));
    const half = links.filter((l) => HALF_WIDTH.test(l.holder_name_kana));
    expect(half.length / links.length).toBeGreaterThan(0.1);
    expect(half.length / links.length).toBeLessThan(0.3);

    // A half-width name is found by its full-width spelling, and a full-width one by its half-width spelling.
    const h = half[0]!;
    const fullSpelling = h.holder_name_kana.normalize("NFKC");
    expect(fullSpelling).not.toMatch(HALF_WIDTH);
    const f = links.find((l) => !HALF_WIDTH.test(l.holder_name_kana))!;
    const halfSpelling = toHalfWidthKana(f.holder_name_kana);
    expect(halfSpelling).toMatch(HALF_WIDTH);
    for (const [spelling, stored] of [
      [fullSpelling, h.holder_name_kana],
      [halfSpelling, f.holder_name_kana],
    ] as const) {
      const found = await rows<{ holder_name_kana: string }>(ctx.handle.db, sql`select holder_name_kana from linked_accounts where holder_name_search = ${normaliseKana(spelling)}`);
      expect(found.map((x) => x.holder_name_kana)).toContain(stored);
    }
  });

  it("links look like zengin accounts: 3-digit branch, last four digits, a hex hash of the full number", async () => {
    const bad = await numbers<"branch" | "last4" | "hash" | "hashes" | "links">(
      ctx.handle.db,
      sql`select
        count(*) filter (where branch_code !~ '^[0-9]{3}$')::int as branch,
        count(*) filter (where account_last4 !~ '^[0-9]{4}$')::int as last4,
        count(*) filter (where account_hash !~ '^[0-9a-f]{64}$')::int as hash,
        count(distinct account_hash)::int as hashes,
        count(*)::int as links
      from linked_accounts`,
    );
    expect(bad).toMatchObject({ branch: 0, last4: 0, hash: 0 });
    expect(bad.hashes).toBeGreaterThan(bad.links * 0.99);
  });

  it("ordinary links are mostly PIN-only, with some one-time passwords and identity documents", async () => {
    const v = await numbers<"pin" | "otp" | "doc" | "total">(
      ctx.handle.db,
      sql`select count(*) filter (where verification = 'pin_only')::int as pin,
        count(*) filter (where verification = 'otp')::int as otp,
        count(*) filter (where verification = 'identity_document')::int as doc,
        count(*)::int as total
      from linked_accounts la where not exists (select 1 from ${STORY_CASES} c where c.linked_account_id = la.id)`,
    );
    expect(v.pin / v.total).toBeGreaterThan(0.6);
    expect(v.otp).toBeGreaterThan(0);
    expect(v.doc).toBeGreaterThan(0);
  });

  it("transactions are charges, payments and transfers with a few refunds, at Japanese merchants", async () => {
    const kinds = await rows<{ kind: string; n: number }>(ctx.handle.db, sql`select kind, count(*)::int as n from transactions group by kind`);
    const n = Object.fromEntries(kinds.map((k) => [k.kind, Number(k.n)]));
    const total = Object.values(n).reduce((s, x) => s + x, 0);
    expect(n.charge! / total).toBeGreaterThan(0.15);
    expect(n.payment! / total).toBeGreaterThan(0.4);
    expect(n.transfer).toBeGreaterThan(0);
    expect(n.refund! / total).toBeLessThan(0.03);
    const m = await numbers(
      ctx.handle.db,
      sql`select count(*) filter (where kind in ('payment', 'refund') and (merchant_name is null or merchant_category is null))::int as unnamed,
        count(*) filter (where kind in ('charge', 'transfer') and merchant_name is not null)::int as named,
        count(*) filter (where linked_account_id is null or bank_id is null)::int as unscoped
      from transactions`,
    );
    expect(m).toEqual({ unnamed: 0, named: 0, unscoped: 0 });
  });

  it("some wallets are linked at two or more banks, and a few share an e-mail pattern", async () => {
    const w = await numbers<"multi_bank" | "wallets" | "pay_pattern" | "pay_banks">(
      ctx.handle.db,
      sql`select
        (select count(*)::int from (select wallet_id from linked_accounts group by wallet_id having count(distinct bank_id) >= 2) x) as multi_bank,
        (select count(*)::int from wallets) as wallets,
        (select count(*)::int from wallets where email like 'pay%@tmpbox.example') as pay_pattern,
        (select count(distinct la.bank_id)::int from wallets w join linked_accounts la on la.wallet_id = w.id where w.email like 'pay%@tmpbox.example') as pay_banks`,
    );
    expect(w.multi_bank).toBeGreaterThan(0);
    expect(w.multi_bank / w.wallets).toBeLessThan(0.1);
    expect(w.pay_pattern).toBeGreaterThan(3);
    expect(w.pay_banks).toBeGreaterThan(2);
  });

  it("fills the days before the seed with ordinary traffic that obeys the controls as the story left them", async () => {
    const r = await numbers(
      ctx.handle.db,
      sql`with recent as (select t.*, la.verification from transactions t join linked_accounts la on la.id = t.linked_account_id where t.occurred_at > ${STORY_END})
        select
          (select count(*)::int from recent) as n,
          (select count(*)::int from recent where occurred_at < now() - make_interval(days => ${RECENT_DAYS}) - interval '1 minute' or occurred_at > now()) as outside,
          (select count(*)::int from recent where kind = 'charge' and occurred_at > now() - interval '7 days') as charges_7d,
          (select count(*)::int from recent r join bank_controls c on c.bank_id = r.bank_id and c.control = 'charges'
            where r.kind = 'charge' and (c.state = 'suspended' or (c.state = 'strong_only' and r.verification = 'pin_only'))) as disobeying,
          (select count(*)::int from recent r join case_transactions ct on ct.transaction_id = r.id join ${STORY_CASES} c on c.id = ct.case_id) as fraud,
          (select count(distinct bank_id)::int from recent) as banks`,
    );
    expect(r.n).toBe(recentCount(TEST_SCALE));
    expect(r.outside).toBe(0);
    expect(r.charges_7d).toBeGreaterThan(0);
    expect(r.disobeying).toBe(0);
    expect(r.fraud).toBe(0);
    expect(r.banks).toBeGreaterThan(10);
  });

  it("the recent days' decision counters match their traffic: every charge allowed, every charge attempt the controls refused denied (only at banks whose charges are not open), per bank and minute", async () => {
    const r = await numbers(
      ctx.handle.db,
      sql`with recent as (select t.* from transactions t where t.occurred_at > ${STORY_END})
        select
          (select count(*)::int from recent where kind = 'charge') as charges,
          (select coalesce(sum(count), 0)::int from decision_counters where operation = 'charge' and outcome = 'allow') as allowed,
          (select coalesce(sum(count), 0)::int from decision_counters where operation = 'charge' and outcome = 'deny') as denied,
          (select count(*)::int from decision_counters d join bank_controls c on c.bank_id = d.bank_id and c.control = 'charges'
            where d.outcome = 'deny' and c.state = 'open') as denied_at_open_banks,
          (select count(*)::int from decision_counters where operation = 'link') as link_rows,
          (select count(*)::int from (select bank_id, date_trunc('minute', occurred_at) m from recent where kind = 'charge' group by 1, 2) x
            where not exists (select 1 from decision_counters d where d.bank_id = x.bank_id and d.bucket_start = x.m and d.outcome = 'allow')) as charges_uncounted`,
    );
    expect(r.allowed).toBe(r.charges);
    expect(r.denied).toBeGreaterThan(0);
    expect(r.denied_at_open_banks).toBe(0);
    expect(r.link_rows).toBe(0);
    expect(r.charges_uncounted).toBe(0);
  });

  it("the bulk load leaves every index and foreign key of the loaded tables in place", async () => {
    const idx = await rows<{ indexname: string }>(ctx.handle.db, sql`select indexname from pg_indexes where tablename in ('wallets', 'linked_accounts', 'transactions') order by 1`);
    expect(idx.map((i) => i.indexname)).toEqual(
      expect.arrayContaining(["transactions_link_idx", "transactions_bank_idx", "linked_accounts_holder_idx", "linked_accounts_status_idx", "wallets_email_idx"]),
    );
    expect(idx.length).toBeGreaterThanOrEqual(15);
    const fks = await rows<{ conname: string }>(
      ctx.handle.db,
      sql`select conname from pg_constraint where contype = 'f' and convalidated and conrelid in ('transactions'::regclass, 'linked_accounts'::regclass) order by 1`,
    );
    // transactions → wallets and → linked_accounts were dropped on purpose (migration 0010); triggers guard deletes instead.
    expect(fks.map((k) => k.conname)).toEqual(["linked_accounts_bank_id_organisations_id_fk", "linked_accounts_wallet_id_wallets_id_fk", "transactions_bank_id_organisations_id_fk"]);
    const triggers = await rows<{ tgname: string }>(ctx.handle.db, sql`select tgname from pg_trigger where tgname like '%keep_transacting' order by 1`);
    expect(triggers.map((t) => t.tgname)).toEqual(["linked_accounts_keep_transacting", "wallets_keep_transacting"]);
  });
});
