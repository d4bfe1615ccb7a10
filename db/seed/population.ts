import { sql, type SQL } from "drizzle-orm";
import type { Queryable } from "../index";
import { accountHashSql } from "@/lib/events/account-hash";
import { DEMO_BANKS } from "./banks";
import { DAY, POPULATION_START, STORY_END, epochSeconds } from "./calendar";
import { FAMILY_NAMES, GIVEN_NAMES, MAIL_DOMAINS, MERCHANT_BRANCHES, MERCHANT_CATEGORIES, MERCHANT_CHAINS, nameColumns } from "./names";
import { firstChangeAt, type Story } from "./story";
import { at, bigintArray, bitsOf, choose, hash32, intArray, textArray, timeOrderedUuid, uuidArray } from "./sql-hash";

/**
 * The ordinary population around the story, generated set-based: each INSERT ... SELECT turns a
 * range of generate_series() indexes into rows with deterministic hash expressions. Wallet w,
 * link j and transaction i are pure functions of their index and the scale.
 *
 * Counts: wallets = links = max(1, round(20,000 × scale)), transactions = round(200,000 × scale).
 * Link j is made at a time growing like sqrt(j / links) from 2019-04-01 to the day before the last
 * registrations suspension, at a bank open for registrations at that moment (strong verification
 * only where the bank required it). About 4% of links belong to an older wallet (a second bank).
 * Transaction i happens at a time growing like sqrt(i / transactions) on a link that already
 * existed; a charge at a bank that had stopped charges (or required strong verification of a
 * PIN-only link) did not happen: the wallet paid from its balance instead. Every transaction
 * carries the link it came through and that link's bank (payments and transfers too), so a bank's
 * staff see the activity of the wallets linked to their accounts.
 */

export const LINKS_PER_SCALE = 20_000;
export const TRANSACTIONS_PER_SCALE = 200_000;
export const CHUNK_ROWS = 50_000;

export interface PopulationCounts {
  wallets: number;
  links: number;
  transactions: number;
}

export function populationCounts(scale: number): PopulationCounts {
  const links = Math.max(1, Math.round(LINKS_PER_SCALE * scale));
  // Wallet ids carry the index in six hex digits; fraud wallets use the range above.
  if (links >= 0xf00000) throw new RangeError("scale too large: at most 15.7 million links");
  return { wallets: links, links, transactions: Math.round(TRANSACTIONS_PER_SCALE * scale) };
}

const NEVER = epochSeconds(new Date("9999-12-31T00:00:00Z"));
const SLOTS = 256;
/** Hour-of-day weights (Japan time) for links and transactions: quiet nights, busy lunch and evening. */
const HOUR_WEIGHTS = [1, 1, 0, 0, 0, 1, 2, 4, 6, 6, 6, 7, 10, 8, 6, 6, 6, 7, 9, 10, 9, 7, 5, 3];
const CATEGORY_WEIGHTS = [45, 5, 25, 25]; // convenience_store, home_appliances, online, other (ordinary spending)
const CHARGE_AMOUNTS = [1_000, 2_000, 3_000, 3_000, 5_000, 5_000, 5_000, 10_000, 10_000, 10_000, 10_000, 20_000, 20_000, 30_000, 50_000, 100_000];

function slotsByWeight(weights: readonly number[], n: number): number[] {
  const total = weights.reduce((s, w) => s + w, 0);
  const exact = weights.map((w) => (w / total) * n);
  const out = exact.map(Math.floor);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0, left = n - out.reduce((s, x) => s + x, 0); left > 0; k++, left--) out[order[k % order.length]![1]]! += 1;
  return out.flatMap((count, value) => Array.from({ length: count }, () => value));
}

/** Everything the SQL needs, as bound array parameters. */
function parameters(story: Story, counts: PopulationCounts, bankIds: Map<string, string>) {
  const banks = story.banks;
  const seconds = (code: string, control: "registrations" | "charges", to: "strong_only" | "suspended") => {
    const t = firstChangeAt(story, code, control, to);
    return Number.isFinite(t) ? Math.floor(t / 1000) : NEVER;
  };
  const regSuspended = banks.map((b) => seconds(b.code, "registrations", "suspended"));
  const order = banks.map((b, i) => i).sort((a, b) => regSuspended[a]! - regSuspended[b]! || a - b);
  // slots[k]: the banks still taking registrations after the k-th suspension, by size.
  const slots: number[] = [];
  for (let k = 0; k <= banks.length; k++) {
    const open = order.slice(k);
    if (open.length === 0) slots.push(...Array.from({ length: SLOTS }, () => -1));
    else slots.push(...slotsByWeight(open.map((i) => banks[i]!.weight), SLOTS).map((x) => open[x]!));
  }
  const lastRegistrationDay = Math.floor((Math.max(...regSuspended) + 9 * 3600) / 86400) * 86400 - 9 * 3600;
  const t0 = epochSeconds(POPULATION_START);
  const end = epochSeconds(STORY_END);
  const family = nameColumns(FAMILY_NAMES);
  const given = nameColumns(GIVEN_NAMES);
  return {
    links: counts.links,
    transactions: counts.transactions,
    t0,
    end,
    // The last link starts the day before the last bank closed registrations (plus up to a day).
    linkSpan: lastRegistrationDay - DAY / 1000 - t0,
    txStart: t0 + 2 * 86400,
    txSpan: end - (t0 + 2 * 86400),
    bankIds: uuidArray(DEMO_BANKS.map((b) => bankIds.get(b.code)!)),
    bankCodes: textArray(DEMO_BANKS.map((b) => b.code)),
    regSuspendedSorted: bigintArray(order.map((i) => regSuspended[i]!)),
    slots: intArray(slots),
    regStrong: bigintArray(banks.map((b) => Math.min(seconds(b.code, "registrations", "strong_only"), seconds(b.code, "registrations", "suspended")))),
    chargesStrong: bigintArray(banks.map((b) => seconds(b.code, "charges", "strong_only"))),
    chargesSuspended: bigintArray(banks.map((b) => seconds(b.code, "charges", "suspended"))),
    // Verification draws use 10 bits (0..1023).
    pinCut: intArray(banks.map((b) => Math.round(b.pinPermille * 1.024))),
    otpCut: intArray(banks.map((b) => Math.round((b.pinPermille + (1000 - b.pinPermille) * 0.75) * 1.024))),
    hours: intArray(slotsByWeight(HOUR_WEIGHTS, 100)),
    familyFull: textArray(family.full),
    familyHalf: textArray(family.half),
    familySearch: textArray(family.search),
    familyRomaji: textArray(family.romaji),
    familyCount: FAMILY_NAMES.length,
    givenFull: textArray(given.full),
    givenHalf: textArray(given.half),
    givenSearch: textArray(given.search),
    givenRomaji: textArray(given.romaji),
    givenCount: GIVEN_NAMES.length,
    domains: textArray(MAIL_DOMAINS),
    categories: intArray(slotsByWeight(CATEGORY_WEIGHTS, 100)),
    categoryNames: textArray([...MERCHANT_CATEGORIES]),
    chains: textArray(MERCHANT_CATEGORIES.flatMap((c) => MERCHANT_CHAINS[c])),
    branches: textArray(MERCHANT_BRANCHES),
    chargeAmounts: intArray(CHARGE_AMOUNTS),
  };
}

type Params = ReturnType<typeof parameters>;

const SALT = { link1: 11, link2: 12, link3: 13, link4: 14, wallet: 21, device: 22, tx1: 31, tx2: 32, tx3: 33 };
const col = (name: string): SQL => sql`${sql.identifier(name)}`;

/** A wallet's id from its index: 'wlt_' + 8 hex digits of a bijection + the index in 6 hex digits. */
function walletId(w: SQL): SQL {
  return sql`('wlt_' || lpad(to_hex(((((${w})::bigint + 1) * 2654435761 + 12345) % 4294967296 << 24) + (${w})), 14, '0'))`;
}

/** Seconds at a Japan-time hour of the day `base` falls on, drawn from the hour profile. */
function atHourOfDay(p: Params, base: SQL, h: SQL): SQL {
  const day = sql`(((${base}) + 32400) / 86400)`;
  return sql`(${day} * 86400 - 32400 + ${at(p.hours, choose(h, 0, 100))}::bigint * 3600 + ((${bitsOf(h, 10, 12)} * 3600) >> 12))`;
}

/** How many links have a time base before `seconds` (the inverse of the sqrt growth). */
function linksBefore(p: Params, seconds: SQL): SQL {
  const ratio = sql`((${seconds}) - ${p.t0}::bigint)::float8 / ${p.linkSpan}::float8`;
  return sql`floor(${p.links}::float8 * (${ratio}) * (${ratio}))::bigint`;
}

/**
 * Adds the identity of link `j` to each row of `src`: lh1, lh2 (hashes), lbase (time base),
 * ls (linked-at, epoch seconds), lb (bank index), lw (wallet index), lv (verification).
 */
function withLink(p: Params, src: SQL): SQL {
  const j = sql`s.j`;
  const lh1 = col("lh1");
  const lh2 = col("lh2");
  const a = sql`select s.*, ${hash32(j, SALT.link1)} as lh1, ${hash32(j, SALT.link2)} as lh2,
      ${p.t0}::bigint + floor(${p.linkSpan}::float8 * sqrt((s.j::float8 + 0.5) / ${p.links}::float8))::bigint as lbase
    from (${src}) s offset 0`;
  const b = sql`select a.*, ${atHourOfDay(p, sql`a.lbase`, lh1)} as ls from (${a}) a offset 0`;
  // A second link of an older wallet: one whose first link is 2 to 66 days older.
  const back = sql`(172800 + ${bitsOf(lh2, 10, 8)} * 21600)`;
  const c = sql`select b.*,
      ${at(p.slots, sql`width_bucket(b.ls, ${p.regSuspendedSorted}) * ${SLOTS} + ${bitsOf(lh1, 22, 8)}`)} as lb,
      case when ${bitsOf(lh2, 0, 10)} < 41 and b.lbase - ${p.t0}::bigint > ${back}
        then least(b.j, ${linksBefore(p, sql`b.lbase - ${back}`)}) else b.j end as lw
    from (${b}) b offset 0`;
  const v = bitsOf(lh2, 18, 10);
  return sql`select c.*,
      case when c.ls >= ${at(p.regStrong, sql`c.lb`)} then (case when ${v} < 700 then 'otp' else 'identity_document' end)
        when ${v} < ${at(p.pinCut, sql`c.lb`)} then 'pin_only'
        when ${v} < ${at(p.otpCut, sql`c.lb`)} then 'otp'
        else 'identity_document' end as lv
    from (${c}) c offset 0`;
}

function linkId(): SQL {
  return timeOrderedUuid(sql`ls`, col("lh1"), col("lh2"), sql`j`);
}

function range(from: number, to: number, name: string): SQL {
  return sql`select g::bigint as ${col(name)} from generate_series(${from}::bigint, ${to - 1}::bigint) g`;
}

export function insertWallets(p: Params, from: number, to: number): SQL {
  const wh = col("wh");
  const f = sql`${choose(wh, 0, p.familyCount)}`;
  const g = sql`${choose(wh, 10, p.givenCount)}`;
  const fam = at(p.familyRomaji, f);
  const giv = at(p.givenRomaji, g);
  const digits = sql`((x.j * 7919) % 100000)`;
  const pattern = bitsOf(wh, 20, 4);
  const email = sql`case
      when ${bitsOf(wh, 20, 10)} < 3 then 'shop.kaitori+' || (x.j % 1000) || '@sora-mail.example'
      when ${pattern} < 6 then ${giv} || '.' || ${fam} || lpad((${digits} % 100)::text, 2, '0')
      when ${pattern} < 10 then ${fam} || left(${giv}, 1) || lpad((${digits} % 10000)::text, 4, '0')
      when ${pattern} < 13 then ${giv} || '_' || ${fam} || lpad(((x.j * 31) % 100)::text, 2, '0')
      else ${fam} || '.' || ${digits}
    end || '@' || ${at(p.domains, choose(wh, 24, MAIL_DOMAINS.length))}`;
  const src = range(from, to, "j");
  return sql`insert into wallets (id, email, status, registered_at, created_at)
    select ${walletId(sql`x.j`)}, ${email}, 'active', to_timestamp(x.reg), to_timestamp(x.reg)
    from (
      select w.*, w.ls - 120 - (w.wh >> 8) % 259200 as reg
      from (select l.*, ${hash32(sql`l.j`, SALT.wallet)} as wh from (${withLink(p, src)}) l offset 0) w offset 0
    ) x`;
}

export function insertLinks(p: Params, from: number, to: number): SQL {
  const lh3 = col("lh3");
  const wh = col("wh");
  const f = choose(wh, 0, p.familyCount);
  const g = choose(wh, 10, p.givenCount);
  const half = sql`${bitsOf(lh3, 18, 10)} < 205`;
  const b10 = bitsOf(lh3, 0, 10);
  // Each customer links from their own phone and their own address (one per wallet, unique: the
  // wallet index is in both; the address is a bijection of it over 100.64.0.0/10).
  const device = sql`'dev-' || lpad(to_hex(${hash32(sql`lw`, SALT.device)}), 8, '0') || lpad(to_hex(lw), 6, '0')`;
  const address = sql`'100.64.0.0'::inet + ((lw * 2654435761) % 4194304)`;
  return sql`insert into linked_accounts (id, wallet_id, bank_id, branch_code, account_type, account_last4, account_hash,
      holder_name_kana, holder_name_search, verification, device_id, ip_address, status, linked_at, created_at, updated_at)
    select ${linkId()}, ${walletId(sql`lw`)}, ${at(p.bankIds, sql`lb`)}, branch,
      (case when ${bitsOf(lh3, 10, 8)} < 230 then 'ordinary' when ${bitsOf(lh3, 10, 8)} < 248 then 'savings' else 'current' end)::account_type,
      right(acct, 4), ${accountHashSql(sql`${at(p.bankCodes, sql`lb`)} || branch || acct`)},
      case when ${half} then ${at(p.familyHalf, f)} || ' ' || ${at(p.givenHalf, g)}
        else ${at(p.familyFull, f)} || '　' || ${at(p.givenFull, g)} end,
      ${at(p.familySearch, f)} || ${at(p.givenSearch, g)},
      lv::verification_method, ${device}, ${address}, 'active', to_timestamp(ls), to_timestamp(ls), to_timestamp(ls)
    from (
      select y.*, lpad((1 + ((${b10} * ${b10} * 998) >> 20))::text, 3, '0') as branch,
        (1000000 + lh4 % 9000000)::text as acct
      from (
        select l.*, ${hash32(sql`l.j`, SALT.link3)} as lh3, ${hash32(sql`l.j`, SALT.link4)} as lh4, ${hash32(sql`l.lw`, SALT.wallet)} as wh
        from (${withLink(p, range(from, to, "j"))}) l offset 0
      ) y offset 0
    ) z`;
}

export function insertTransactions(p: Params, from: number, to: number): SQL {
  return sql`insert into transactions (id, kind, wallet_id, linked_account_id, bank_id, amount_yen, merchant_name, merchant_category, occurred_at, created_at)
    ${selectTransactions(p, from, to)}`;
}

export function selectTransactions(p: Params, from: number, to: number): SQL {
  const th1 = col("th1");
  const th2 = col("th2");
  const th3 = col("th3");
  // Transaction i's time base, and a link that already existed then.
  const base = sql`${p.txStart}::bigint + floor(${p.txSpan}::float8 * sqrt((r.i::float8 + 0.5) / ${p.transactions}::float8))::bigint`;
  const t1 = sql`select r.i, ${hash32(sql`r.i`, SALT.tx1)} as th1, ${hash32(sql`r.i`, SALT.tx2)} as th2, ${hash32(sql`r.i`, SALT.tx3)} as th3,
      ${base} as tbase from (${range(from, to, "i")}) r offset 0`;
  const existing = sql`greatest(1, least(${p.links}::bigint, ${linksBefore(p, sql`greatest(${p.t0}::bigint, t.tbase - 172800)`)}))`;
  const t2 = sql`select t.*, least(${p.links - 1}::bigint, (${bitsOf(th1, 0, 20)} * ${existing}) >> 20) as j from (${t1}) t offset 0`;
  const timed = sql`select l.*, greatest(${atHourOfDay(p, sql`l.tbase`, th2)}, l.ls + 600 + ${bitsOf(th2, 16, 16)}) as t0 from (${withLink(p, t2)}) l offset 0`;
  const kb = bitsOf(th1, 22, 10);
  const wanted = sql`case when ${kb} < 307 then 'charge' when ${kb} < 921 then 'payment' when ${kb} < 1013 then 'transfer' else 'refund' end`;
  const kinded = sql`select m.*, case when ${wanted} = 'charge'
        and (m.tt >= ${at(p.chargesSuspended, sql`m.lb`)} or (m.tt >= ${at(p.chargesStrong, sql`m.lb`)} and m.lv = 'pin_only'))
      then 'payment' else ${wanted} end as kind,
      ${at(p.categories, choose(th3, 0, 100))} as cat
    from (select n.*, case when n.t0 > ${p.end}::bigint then n.t0 - 32400 else n.t0 end as tt from (${timed}) n offset 0) m offset 0`;
  const amount = sql`case kind
      when 'charge' then ${at(p.chargeAmounts, bitsOf(th2, 10, 4))}::bigint
      when 'transfer' then ((th3 >> 10) % 300 + 1) * 100
      when 'refund' then 100 + (th3 >> 10) % 4900
      else case cat when 0 then 100 + (th3 >> 10) % 2900 when 1 then ((th3 >> 10) % 120 + 3) * 1000 - 20
        when 2 then 300 + (th3 >> 10) % 19700 else 200 + (th3 >> 10) % 9800 end
    end`;
  const merchant = sql`${at(p.chains, sql`cat * 6 + ${bitsOf(th3, 20, 8)} % 6`)} || case when cat = 2 then '' else ' ' || ${at(p.branches, sql`${bitsOf(th3, 12, 8)} % 20`)} end`;
  return sql`select ${timeOrderedUuid(sql`tt`, th3, th2, sql`i`)}, kind::transaction_kind, ${walletId(sql`lw`)}, ${linkId()}, ${at(p.bankIds, sql`lb`)},
      ${amount},
      case when kind in ('payment', 'refund') then ${merchant} end,
      case when kind in ('payment', 'refund') then ${at(p.categoryNames, sql`cat`)}::merchant_category end,
      to_timestamp(tt), to_timestamp(tt)
    from (${kinded}) k`;
}

export interface PopulationPhase {
  label: string;
  total: number;
  chunks: { from: number; to: number; statement: SQL }[];
}

/** The population as phases of chunked statements, in foreign-key order. */
export function planPopulation(story: Story, scale: number, bankIds: Map<string, string>): PopulationPhase[] {
  const counts = populationCounts(scale);
  const p = parameters(story, counts, bankIds);
  const phase = (label: string, total: number, build: (p: Params, from: number, to: number) => SQL): PopulationPhase => {
    const chunks = [];
    for (let from = 0; from < total; from += CHUNK_ROWS) {
      const to = Math.min(total, from + CHUNK_ROWS);
      chunks.push({ from, to, statement: build(p, from, to) });
    }
    return { label, total, chunks };
  };
  return [
    phase("wallets", counts.wallets, insertWallets),
    phase("linked accounts", counts.links, insertLinks),
    phase("transactions", counts.transactions, insertTransactions),
  ];
}

export async function writePopulation(
  tx: Queryable,
  phases: PopulationPhase[],
  progress: (label: string, done: number, total: number) => void,
): Promise<void> {
  for (const ph of phases) {
    progress(ph.label, 0, ph.total);
    for (const c of ph.chunks) {
      await tx.execute(c.statement);
      progress(ph.label, c.to, ph.total);
    }
  }
}
