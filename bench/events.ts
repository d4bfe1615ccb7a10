/**
 * Event ingestion: events/s with 1,000-event batches through POST /api/v1/events (one transaction
 * per batch), on one connection and on four, then the same batches replayed (all duplicates).
 * Baseline (the floor, same run): the bare minimum a store of these events costs, one transaction
 * per 1,000 rows with one multi-row INSERT into wallet_events and one into transactions over a raw
 * pg connection, no checks, rolled back (so it even saves the commit). Target: ≥ 5,000 events/s.
 */
import crypto from "node:crypto";
import pg from "pg";
import { sql, type SQL } from "drizzle-orm";
import type { BenchContext, BenchRow } from "./support/context";

const BATCH = 1_000;
const GOLDEN = (Math.sqrt(5) - 1) / 2;
const BATCHES_SERIAL = Number(process.env.BENCH_EVENT_BATCHES ?? 10);
const BATCHES_PARALLEL = BATCHES_SERIAL * 2;
const PARALLEL = 4;

interface SeedLink {
  id: string;
  wallet_id: string;
}

type Event = Record<string, unknown>;

/** A batch like the platform would send: new links, charges and payments on existing links, transfers, removals of links made earlier in this run. */
export interface BatchOptions {
  /** New links' times spread evenly over this many milliseconds before now (default: the batch's last 1,000 s, as the other events). */
  linkSpreadMs?: number;
  /** Every this many events, a fraud pattern: a PIN-only link (with a device) charged ¥50,000 in the same batch. */
  fraudEvery?: number;
}

export function makeBatch(
  run: string,
  n: number,
  links: SeedLink[],
  bankCodes: string[],
  created: { walletId: string; bankCode: string; branchCode: string; accountNumber: string }[],
  opts: BatchOptions = {},
): Event[] {
  const now = Date.now();
  const at = (i: number) => new Date(now - (BATCH - i) * 1000).toISOString();
  // A deterministic even spread: event i of batch n at the golden-ratio point of its sequence
  // number, so that any run of links (and each bank's share of them) covers the window evenly.
  const linkAt = (i: number) => (opts.linkSpreadMs ? new Date(now - Math.floor((((n * BATCH + i) * GOLDEN) % 1) * opts.linkSpreadMs)).toISOString() : at(i));
  const events: Event[] = [];
  let fraud: { walletId: string; bankCode: string; branchCode: string; accountNumber: string } | null = null;
  for (let i = 0; i < BATCH; i++) {
    const eventId = `bench-${run}-${n}-${i}`;
    const link = links[(n * BATCH + i) % links.length]!;
    const k = i % 20;
    if (fraud && k === 2) {
      events.push({ eventId, type: "charge", ...fraud, amountYen: 50_000, occurredAt: at(i) });
      fraud = null;
    } else if (k < 2) {
      const walletId = `wb-${run}-${n}-${i}`;
      const acct = { walletId, bankCode: bankCodes[(n + i) % bankCodes.length]!, branchCode: String(100 + (i % 800)).padStart(3, "0"), accountNumber: String(1_000_000 + ((n * BATCH + i) % 9_000_000)) };
      created.push(acct);
      const isFraud = !!opts.fraudEvery && i % opts.fraudEvery === 0;
      if (isFraud) fraud = acct;
      events.push({
        eventId,
        type: "link_created",
        email: `${walletId}@bench.example`,
        ...acct,
        holderNameKana: "ﾍﾞﾝﾁ ﾀﾛｳ",
        verification: isFraud || i % 3 === 0 ? "pin_only" : "otp",
        linkedAt: isFraud ? at(i) : linkAt(i),
        deviceId: `dev-${walletId}`,
        ipAddress: `198.18.${(n * BATCH + i) % 256}.${i % 250}`,
      });
    } else if (k < 8) {
      events.push({ eventId, type: "charge", walletId: link.wallet_id, linkId: link.id, amountYen: 10_000 + (i % 7) * 5_000, occurredAt: at(i) });
    } else if (k < 17) {
      events.push({ eventId, type: "payment", walletId: link.wallet_id, amountYen: 300 + (i % 97) * 100, merchantName: "Bench Mart Shibuya", merchantCategory: "convenience_store", occurredAt: at(i) });
    } else if (k < 19 || created.length < 50) {
      events.push({ eventId, type: "transfer", walletId: link.wallet_id, amountYen: 1_000, occurredAt: at(i) });
    } else {
      const old = created.shift()!;
      events.push({ eventId, type: "link_removed", ...old, occurredAt: at(i) });
    }
  }
  return events;
}

/**
 * What this bench stores is taken out again (at the start as well, for a run that was killed), so
 * that it does not change what the next bench measures: left in, its tens of thousands of links
 * sat at the top of the accounts list's order and slowed the accounts bench's first pages. Its
 * event ids start with "bench-" and its wallets with "wb-" (ranges, for the indexes; the bench
 * database's collation is C). The daily rollups it adds to are put back as they were before the run.
 */
export async function removeBenchData(ctx: BenchContext): Promise<void> {
  const started = performance.now();
  const ids = sql`between 'bench-' and 'bench.'`;
  const wallets = sql`between 'wb-' and 'wb.'`;
  const removed = await ctx.db.db.transaction(async (tx) => {
    const n = async (q: SQL) => ((await tx.execute(q)) as unknown as { rowCount: number | null }).rowCount ?? 0;
    // What the detection rules made of the bench's links (their hits, and cases opened on them).
    const benchLinks = sql`select id from linked_accounts where wallet_id ${wallets}`;
    const benchCases = sql`select id from cases where linked_account_id in (${benchLinks})`;
    await n(sql`delete from rule_hits where linked_account_id in (${benchLinks}) or case_id in (${benchCases})`);
    await n(sql`delete from case_events where case_id in (${benchCases})`);
    await n(sql`delete from cases where id in (${benchCases})`);
    return (
      (await n(sql`delete from transactions where external_event_id ${ids}`)) +
      (await n(sql`delete from linked_accounts where wallet_id ${wallets}`)) +
      (await n(sql`delete from wallets where id ${wallets}`)) +
      (await n(sql`delete from wallet_events where event_id ${ids}`))
    );
  });
  // Vacuumed at once: the next run's ids land where the removed ones' index entries were, and each
  // uniqueness check would visit their dead rows (the one run made after an unvacuumed removal was
  // the slowest of the day: 4,361 events/s against 4,897–6,567).
  if (removed) await ctx.db.db.execute(sql`vacuum wallet_events, transactions, linked_accounts, wallets`);
  ctx.log(`events: ${removed.toLocaleString("en")} rows of bench data removed and vacuumed in ${Math.round(performance.now() - started)} ms`);
}

type Rollup = { day: string; bank_id: string; charges_count: string; charges_yen: string; payments_yen: string; new_links: string };

/** The rollups of the last `days` days (and today), to put back after the run. */
export async function recentRollups(ctx: BenchContext, days = 2): Promise<Rollup[]> {
  const r = (await ctx.db.db.execute(
    sql`select day::text, bank_id, charges_count, charges_yen, payments_yen, new_links from daily_bank_rollups where day >= current_date - ${days}::int`,
  )) as unknown as { rows: Rollup[] };
  return r.rows;
}

export async function restoreRollups(ctx: BenchContext, before: Rollup[], days = 2): Promise<void> {
  await ctx.db.db.transaction(async (tx) => {
    await tx.execute(sql`
      update daily_bank_rollups d set charges_count = b.charges_count, charges_yen = b.charges_yen, payments_yen = b.payments_yen, new_links = b.new_links
      from jsonb_to_recordset(${JSON.stringify(before)}::jsonb) as b(day date, bank_id uuid, charges_count bigint, charges_yen bigint, payments_yen bigint, new_links bigint)
      where d.day = b.day and d.bank_id = b.bank_id`);
    // Days and banks the run added: only what events write was in them.
    await tx.execute(sql`
      delete from daily_bank_rollups d where d.day >= current_date - ${days}::int and cases_opened = 0 and fraud_loss_yen = 0 and reimbursed_yen = 0
        and not exists (select 1 from jsonb_to_recordset(${JSON.stringify(before)}::jsonb) as b(day date, bank_id uuid) where b.day = d.day and b.bank_id = d.bank_id)`);
  });
}

export async function benchEvents(ctx: BenchContext): Promise<BenchRow[]> {
  await removeBenchData(ctx);
  const rollupsBefore = await recentRollups(ctx);
  try {
    return await measureEvents(ctx);
  } finally {
    await removeBenchData(ctx);
    await restoreRollups(ctx, rollupsBefore);
  }
}

async function measureEvents(ctx: BenchContext): Promise<BenchRow[]> {
  const run = crypto.randomBytes(4).toString("hex");
  const linkRows = (await ctx.db.db.execute(
    sql`select id, wallet_id from linked_accounts tablesample system (1) where status = 'active' limit 20000`,
  )) as unknown as { rows: SeedLink[] };
  const bankRows = (await ctx.db.db.execute(sql`select bank_code from organisations where kind = 'bank' order by bank_code`)) as unknown as { rows: { bank_code: string }[] };
  const links = linkRows.rows;
  const bankCodes = bankRows.rows.map((r) => r.bank_code);
  const created: { walletId: string; bankCode: string; branchCode: string; accountNumber: string }[] = [];
  const total = BATCHES_SERIAL + BATCHES_PARALLEL;
  const batches = Array.from({ length: total }, (_, n) => JSON.stringify({ events: makeBatch(run, n, links, bankCodes, created) }));

  const send = async (body: string) => {
    const res = await fetch(`${ctx.baseUrl}/api/v1/events`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${ctx.apiKey}` }, body });
    const out = (await res.json()) as { stored?: number; duplicates?: number; invalid?: number; results?: { status: string; errors?: unknown }[] };
    if (res.status !== 200) throw new Error(`events: ${res.status} ${JSON.stringify(out).slice(0, 300)}`);
    if (out.invalid) throw new Error(`events: ${out.invalid} invalid, e.g. ${JSON.stringify(out.results?.find((r) => r.status === "invalid"))}`);
    return out;
  };

  // Warm-up: one batch (JIT, pool, caches), not counted.
  const warm = JSON.stringify({ events: makeBatch(`${run}w`, 0, links, bankCodes, []) });
  await send(warm);

  const timed = async (list: string[], parallel: number) => {
    const latencies: number[] = [];
    let next = 0;
    let stored = 0;
    let duplicates = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        while (next < list.length) {
          const body = list[next++]!;
          const s = performance.now();
          const r = await send(body);
          latencies.push(performance.now() - s);
          stored += r.stored ?? 0;
          duplicates += r.duplicates ?? 0;
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    latencies.sort((a, b) => a - b);
    return { perSecond: (list.length * BATCH) / seconds, stored, duplicates, p50: latencies[Math.floor(latencies.length / 2)]!, max: latencies[latencies.length - 1]! };
  };

  const serial = await timed(batches.slice(0, BATCHES_SERIAL), 1);
  ctx.log(`events 1 connection: ${Math.round(serial.perSecond)} events/s, batch p50 ${Math.round(serial.p50)} ms (stored ${serial.stored})`);
  const parallel = await timed(batches.slice(BATCHES_SERIAL), PARALLEL);
  ctx.log(`events ${PARALLEL} connections: ${Math.round(parallel.perSecond)} events/s, batch p50 ${Math.round(parallel.p50)} ms (stored ${parallel.stored})`);
  const replay = await timed(batches.slice(0, BATCHES_SERIAL), 1);
  ctx.log(`events replayed: ${Math.round(replay.perSecond)} events/s (duplicates ${replay.duplicates}, stored ${replay.stored})`);

  // The floor: raw multi-row inserts of the same number of rows, one transaction per batch, rolled back.
  const client = new pg.Client({ connectionString: ctx.databaseUrl });
  await client.connect();
  let floorPerSecond = 0;
  try {
    const t0 = performance.now();
    for (let n = 0; n < BATCHES_SERIAL; n++) {
      // Other links every batch, as the app's batches have: the same rows each time would find their index pages cached.
      const sample = Array.from({ length: BATCH }, (_, i) => links[(BATCHES_SERIAL * BATCH * 3 + n * BATCH + i) % links.length]!);
      await client.query("begin");
      const ids = sample.map((_, i) => `floor-${run}-${n}-${i}`);
      await client.query("insert into wallet_events (org_id, event_id, kind) select (select id from organisations where kind = 'carrier' limit 1), unnest($1::text[]), 'charge'", [ids]);
      await client.query(
        `insert into transactions (kind, wallet_id, linked_account_id, amount_yen, occurred_at, external_event_id)
         select 'charge', w, l, 10000, now(), e from unnest($1::text[], $2::uuid[], $3::text[]) as x(w, l, e)`,
        [sample.map((l) => l.wallet_id), sample.map((l) => l.id), ids],
      );
      await client.query("rollback");
    }
    floorPerSecond = (BATCHES_SERIAL * BATCH) / ((performance.now() - t0) / 1000);
  } finally {
    await client.end();
  }
  ctx.log(`events floor (raw inserts, rolled back): ${Math.round(floorPerSecond)} rows/s`);

  const note = `${BATCH}-event batches (10% new links, 30% charges, 45% payments, ~13% transfers, ~2% removals)`;
  return [
    { bench: "events", metric: "events/s, 1 connection", value: serial.perSecond, unit: "ev/s", baseline: floorPerSecond, target: "≥ 5,000/s", met: serial.perSecond >= 5_000, note },
    { bench: "events", metric: `events/s, ${PARALLEL} connections`, value: parallel.perSecond, unit: "ev/s", baseline: floorPerSecond, target: "≥ 5,000/s", met: parallel.perSecond >= 5_000 },
    { bench: "events", metric: "batch p50 (1 conn.)", value: serial.p50, unit: "ms" },
    { bench: "events", metric: "replayed events/s (all duplicates)", value: replay.perSecond, unit: "ev/s", note: `stored on replay: ${replay.stored} (must be 0)`, met: replay.stored === 0 && replay.duplicates === BATCHES_SERIAL * BATCH, target: "all duplicate" },
  ];
}
