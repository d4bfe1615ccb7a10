/**
 * Events through the detection rules (#14 §7): the same kind of 1,000-event batches through
 * POST /api/v1/events with every rule on, and with every rule off, in the same run, alternating
 * (off, on, on, off, …) so that drift in the machine's load falls on both. The batches are the
 * events bench's (new links, charges and payments on seeded links, transfers, removals) with one
 * fraud pattern every 250 events (a PIN-only link charged at once), so rules that are on open cases
 * as they would.
 *
 * Ordinary traffic, as a bank sees it: the new links spread evenly over the last 7 days (about 0.7
 * an hour at each bank; the demo's banks had none in the 28 days before, their registrations being
 * suspended in the story, so over 36 hours — 3.4 an hour — a tenth of them were the sixth or later
 * new link of their bank within an hour, which the burst rule flags;
 * the events bench puts them all in the last 17 minutes, which the burst rule rightly calls a burst),
 * and the charges and payments over 20,000 links drawn across the whole population (a 1 % table
 * sample drew 116 links at scale 1, each charged and spent at convenience stores several times a
 * minute: the cash-out rule then fired on most charges, 856 hits in 4 batches). Each rule's hits
 * are printed, so traffic a rule calls suspicious shows.
 * Target: ≥ 5,000 events/s with every rule on; the ratio on/off is the cost of the rules.
 * What the run made (hits, cases, links) is taken out afterwards and the modes put back.
 */
import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import { makeBatch, recentRollups, removeBenchData, restoreRollups } from "./events";
import type { BenchContext, BenchRow } from "./support/context";

const BATCH = 1_000;
const PER_ROUND = Number(process.env.BENCH_RULES_BATCHES ?? 5);
const ROUNDS = 4;
const RULE_CODES = ["pin_then_charge", "multi_bank_identity", "cash_out", "link_burst"];
const LINK_SPREAD_DAYS = 7;
// The Japan-time days the new links' rollups land on, with a day to spare.
const ROLLUP_DAYS = LINK_SPREAD_DAYS + 2;

type Rows<T> = { rows: T[] };

export async function benchRules(ctx: BenchContext): Promise<BenchRow[]> {
  await removeBenchData(ctx);
  const rollupsBefore = await recentRollups(ctx, ROLLUP_DAYS);
  const modes = ((await ctx.db.db.execute(sql`select code, mode::text as mode from detection_rules`)) as unknown as Rows<{ code: string; mode: string }>).rows;
  const [{ started }] = ((await ctx.db.db.execute(sql`select now() as started`)) as unknown as Rows<{ started: Date }>).rows as [{ started: Date }];
  try {
    return await measure(ctx, started);
  } finally {
    for (const m of modes) await ctx.db.db.execute(sql`update detection_rules set mode = ${m.mode}::rule_mode where code = ${m.code}`);
    // Cases the rules opened on seeded links during the run, and every hit of the run.
    await ctx.db.db.transaction(async (tx) => {
      const made = sql`select id from cases where created_at >= ${started} and source = any(${sql.param(RULE_CODES)}::text[])`;
      await tx.execute(sql`delete from rule_hits where at >= ${started} or case_id in (${made})`);
      await tx.execute(sql`delete from case_events where case_id in (${made})`);
      await tx.execute(sql`delete from cases where id in (${made})`);
    });
    await removeBenchData(ctx);
    await restoreRollups(ctx, rollupsBefore, ROLLUP_DAYS);
  }
}

async function measure(ctx: BenchContext, started: Date): Promise<BenchRow[]> {
  const run = crypto.randomBytes(4).toString("hex");
  // Drawn from the whole population (at scale 50 as at scale 1), in a fixed order.
  const links = ((await ctx.db.db.execute(sql`select id, wallet_id from linked_accounts where status = 'active' order by md5(id::text) limit 20000`)) as unknown as Rows<{ id: string; wallet_id: string }>).rows;
  const bankCodes = ((await ctx.db.db.execute(sql`select bank_code from organisations where kind = 'bank' order by bank_code`)) as unknown as Rows<{ bank_code: string }>).rows.map((r) => r.bank_code);
  const created: { walletId: string; bankCode: string; branchCode: string; accountNumber: string }[] = [];
  const opts = { linkSpreadMs: LINK_SPREAD_DAYS * 86_400_000, fraudEvery: 250 };
  let n = 0;
  const batch = () => JSON.stringify({ events: makeBatch(`r${run}`, n++, links, bankCodes, created, opts) });

  const send = async (body: string) => {
    const res = await fetch(`${ctx.baseUrl}/api/v1/events`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${ctx.apiKey}` }, body });
    const out = (await res.json()) as { stored?: number; invalid?: number; results?: { status: string }[] };
    if (res.status !== 200) throw new Error(`rules bench: ${res.status} ${JSON.stringify(out).slice(0, 300)}`);
    if (out.invalid) throw new Error(`rules bench: ${out.invalid} invalid, e.g. ${JSON.stringify(out.results?.find((r) => r.status === "invalid"))}`);
  };
  const setAll = (mode: "on" | "off") => ctx.db.db.execute(sql`update detection_rules set mode = ${mode}::rule_mode`);

  // Warm-up, both ways (not counted).
  for (const mode of ["off", "on"] as const) {
    await setAll(mode);
    await send(batch());
  }
  const time = { on: 0, off: 0 };
  const count = { on: 0, off: 0 };
  const latencies = { on: [] as number[], off: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const mode of round % 2 ? (["on", "off"] as const) : (["off", "on"] as const)) {
      await setAll(mode);
      const bodies = Array.from({ length: PER_ROUND }, batch);
      for (const body of bodies) {
        const t0 = performance.now();
        await send(body);
        const ms = performance.now() - t0;
        time[mode] += ms;
        latencies[mode].push(ms);
        count[mode] += BATCH;
      }
    }
  }
  const made = ((await ctx.db.db.execute(sql`select
      (select count(*) from rule_hits where at >= ${started})::int as hits,
      (select count(*) from rule_hits where at >= ${started} and mode = 'on')::int as on_hits,
      (select count(*) from cases where created_at >= ${started} and source = any(${sql.param(RULE_CODES)}::text[]))::int as cases`)) as unknown as Rows<{ hits: number; on_hits: number; cases: number }>).rows[0]!;
  const byRule = ((await ctx.db.db.execute(sql`select rule_code, count(*)::int as n from rule_hits where at >= ${started} and mode = 'on' group by 1 order by 1`)) as unknown as Rows<{ rule_code: string; n: number }>).rows;
  const perRule = RULE_CODES.map((c) => `${c} ${byRule.find((r) => r.rule_code === c)?.n ?? 0}`).join(", ");
  const rate = (mode: "on" | "off") => count[mode] / (time[mode] / 1000);
  const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const on = rate("on");
  const off = rate("off");
  ctx.log(`rules on: ${Math.round(on)} events/s (batch p50 ${Math.round(p50(latencies.on))} ms); off: ${Math.round(off)} events/s (p50 ${Math.round(p50(latencies.off))} ms); on/off ${(on / off).toFixed(2)}`);
  ctx.log(`rules on made ${made.on_hits} hits (${perRule}) and opened ${made.cases} cases in ${(count.on + BATCH).toLocaleString("en")} events (warm-up included)`);
  const note = `${ROUNDS * PER_ROUND} batches each way, alternating; ${links.length.toLocaleString("en")} links drawn from the population, new links over ${LINK_SPREAD_DAYS} days, a fraud pattern every 250 events; rules on made ${made.on_hits} hits (${perRule}), ${made.cases} cases`;
  return [
    { bench: "rules", metric: "events/s, every rule on", value: on, unit: "ev/s", baseline: off, target: "≥ 5,000/s", met: on >= 5_000, note },
    { bench: "rules", metric: "events/s, every rule off", value: off, unit: "ev/s" },
    { bench: "rules", metric: "batch p50, rules on", value: p50(latencies.on), unit: "ms", baseline: p50(latencies.off) },
  ];
}
