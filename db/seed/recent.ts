import { sql, type SQL } from "drizzle-orm";
import { MERCHANT_BRANCHES, MERCHANT_CATEGORIES, MERCHANT_CHAINS } from "./names";
import { at, bitsOf, hash32, intArray, textArray, timeOrderedUuid } from "./sql-hash";

/**
 * The days before the seed runs: ordinary traffic in the RECENT_DAYS days before `now`, so the
 * console's live windows (charges of the last 24 hours and 7 days in the blast radius, the
 * accounts list's 7-day column, the newest daily rollups) look like a working week rather than
 * ¥0, although the story itself ended in September 2020. Legitimate activity only: no fraud
 * happens after the story.
 *
 * Deterministic for a given `now`: transaction i is a hash of its index, on an active link picked
 * by hash. It obeys the controls as the story left them: a charge at a bank whose charges are
 * suspended (or strong_only, from a PIN-only link) is paid from the balance instead, as the
 * population does during the story.
 */
export const RECENT_PER_SCALE = 4_000;
export const RECENT_DAYS = 8;

const SALT = { h1: 41, h2: 42 };
const CHARGE_AMOUNTS = [1_000, 2_000, 3_000, 5_000, 5_000, 10_000, 10_000, 10_000, 20_000, 30_000, 1_000, 3_000, 5_000, 10_000, 20_000, 50_000];
/** Everyday spending (no appliances): convenience stores, online and other shops. */
const CATEGORIES = [0, 0, 0, 2, 2, 3, 3, 3];

export function recentCount(scale: number): number {
  return Math.round(RECENT_PER_SCALE * scale);
}

/**
 * The recent days' picks as a WITH clause ending in `picked`: each with its link, bank, second,
 * kind and category. A pick drawn as a charge (`charge_attempt`) that the bank's charges control
 * refuses becomes a payment from the balance: the wallet platform asked for a decision and was denied.
 */
function recentPicks(scale: number, now: Date): SQL {
  const n = recentCount(scale);
  const end = Math.floor(now.getTime() / 1000);
  const h1 = sql.raw("h1");
  const h2 = sql.raw("h2");
  const kb = bitsOf(h1, 20, 10);
  const cat = sql`${at(intArray(CATEGORIES), bitsOf(h2, 24, 3))}`;
  return sql`
    with links as materialized (
      select la.id, la.wallet_id, la.bank_id, la.verification, bc.state as charges, (row_number() over (order by la.id) - 1)::bigint as k
      from linked_accounts la join bank_controls bc on bc.bank_id = la.bank_id and bc.control = 'charges'
      where la.status = 'active'
    ),
    total as (select count(*)::bigint as n from links),
    r as (
      select i::bigint as i, ${hash32(sql`i`, SALT.h1)} as h1, ${hash32(sql`i`, SALT.h2)} as h2
      from generate_series(0, ${n - 1}::int) i
    ),
    picked as (
      select r.*, l.id as link_id, l.wallet_id, l.bank_id, ${end}::bigint - 1 - (r.h2 % ${RECENT_DAYS * 86_400}::bigint) as secs,
        case when ${kb} < 300 then
          case when l.charges = 'open' or (l.charges = 'strong_only' and l.verification <> 'pin_only') then 'charge' else 'payment' end
        when ${kb} < 900 then 'payment' else 'transfer' end as kind,
        ${kb} < 300 as charge_attempt,
        ${cat} as cat
      from r cross join total join links l on l.k = r.h1 % greatest(total.n, 1)
    )`;
}

/** One INSERT … SELECT of the recent transactions (none when the database holds no active link). */
export function insertRecentActivity(scale: number, now: Date): SQL {
  const h1 = sql.raw("h1");
  const h2 = sql.raw("h2");
  const perCategory = MERCHANT_CHAINS[MERCHANT_CATEGORIES[0]].length;
  const chains = textArray(MERCHANT_CATEGORIES.flatMap((c) => MERCHANT_CHAINS[c]));
  return sql`
    ${recentPicks(scale, now)}
    insert into transactions (id, kind, wallet_id, linked_account_id, bank_id, amount_yen, merchant_name, merchant_category, occurred_at, created_at)
    select ${timeOrderedUuid(sql`secs`, h1, h2, sql`i`)}, kind::transaction_kind, wallet_id, link_id, bank_id,
      case kind
        when 'charge' then ${at(intArray(CHARGE_AMOUNTS), bitsOf(h2, 8, 4))}::bigint
        when 'transfer' then ((h2 >> 12) % 300 + 1) * 100
        else 100 + (h2 >> 12) % 2900
      end,
      case when kind = 'payment' then ${at(chains, sql`cat * ${perCategory}::int + ${bitsOf(h1, 4, 8)} % ${perCategory}::int`)}
        || case when cat = 2 then '' else ' ' || ${at(textArray(MERCHANT_BRANCHES), sql`${bitsOf(h1, 12, 8)} % ${MERCHANT_BRANCHES.length}::int`)} end end,
      case when kind = 'payment' then ${at(textArray([...MERCHANT_CATEGORIES]), sql`cat`)}::merchant_category end,
      to_timestamp(secs), to_timestamp(secs)
    from picked`;
}

/**
 * The decision counters of the same days: every charge attempt among the picks was a decision the
 * wallet platform asked for, allowed when it became a charge and denied when the bank's charges
 * control refused it (then paid from the balance), counted per bank and minute as the decision
 * API counts them (lib/decisions/counters.ts). So the home's and the board's "attempts blocked"
 * show the demo's working week, consistent with its transactions.
 */
export function insertRecentDecisions(scale: number, now: Date): SQL {
  return sql`
    ${recentPicks(scale, now)}
    insert into decision_counters (bank_id, operation, outcome, bucket_start, count)
    select bank_id, 'charge'::decision_operation, (case when kind = 'charge' then 'allow' else 'deny' end)::decision_outcome,
      date_trunc('minute', to_timestamp(secs)), count(*)
    from picked where charge_attempt
    group by 1, 2, 3, 4`;
}
