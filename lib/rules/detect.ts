import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db";
import { queryRows } from "@/lib/accounts/rows";
import type { CashOutParams, LinkBurstParams, MultiBankIdentityParams, PinThenChargeParams, RuleCode, RuleParamsByCode } from "./constants";

/**
 * The four rules as set-based queries, one statement per rule whatever the number of events. Each
 * runs over a scope: the events of one ingestion batch (the links it created, the charges it
 * stored, the links its charges and payments touched), or a period of history (the dry run). The
 * pattern part of each query is the same for both, so a dry run finds what the live rule would
 * have found. Raw SQL because these are the tuned aggregate queries (window lookups on the
 * transactions and links indexes); every value is a bound parameter.
 *
 * Indexes used: transactions_link_idx (link, occurred_at) for the charges and spending of a link;
 * linked_accounts_bank_linked_idx (bank, linked_at) for a bank's links in a window;
 * wallets_email_lower_idx, linked_accounts_wallet_idx, linked_accounts_device_idx and
 * linked_accounts_ip_idx for one identity's links; daily_bank_rollups for a bank's usual rate.
 */

export type Scope =
  | {
      kind: "batch";
      /** Links the batch created. */
      linkIds: string[];
      /** Charges the batch stored. */
      chargeIds: string[];
      /** Links the batch's charges and payments went through, with the span of their times. */
      touched: { linkId: string; from: Date; to: Date }[];
    }
  | { kind: "history"; from: Date | null; to: Date | null };

export interface RuleMatch {
  code: RuleCode;
  linkId: string;
  bankId: string;
  /** One hit per rule, link and key: a pattern seen again adds nothing (the charge's id for a cash-out, else ""). */
  key: string;
  /** When the pattern was complete (the event's own time). */
  at: Date;
  details: Record<string, unknown>;
}

function period(column: SQL, scope: { from: Date | null; to: Date | null }): SQL {
  const parts: SQL[] = [];
  if (scope.from) parts.push(sql`${column} >= ${scope.from.toISOString()}::timestamptz`);
  if (scope.to) parts.push(sql`${column} < ${scope.to.toISOString()}::timestamptz`);
  return parts.length ? sql.join(parts, sql` and `) : sql`true`;
}

const uuids = (ids: string[]) => sql`${sql.param(ids)}::uuid[]`;
const asDate = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));

/** (a) A link verified by PIN only, followed by a charge within the window. */
async function pinThenCharge(db: Queryable, p: PinThenChargeParams, scope: Scope): Promise<RuleMatch[]> {
  if (scope.kind === "batch" && scope.chargeIds.length === 0) return [];
  const charges = scope.kind === "batch" ? sql`c.id = any(${uuids(scope.chargeIds)})` : period(sql`c.occurred_at`, scope);
  const rows = await queryRows<{ link_id: string; bank_id: string; at: Date | string; linked_at: Date | string; amount_yen: string | number; charge_id: string }>(
    db,
    sql`select distinct on (la.id) la.id::text as link_id, la.bank_id::text as bank_id, c.occurred_at as at, la.linked_at, c.amount_yen, c.id::text as charge_id
      from transactions c join linked_accounts la on la.id = c.linked_account_id
      where c.kind = 'charge' and ${charges} and la.verification = 'pin_only'
        and c.occurred_at >= la.linked_at and c.occurred_at <= la.linked_at + ${p.windowHours}::int * interval '1 hour'
      order by la.id, c.occurred_at`,
  );
  return rows.map((r) => {
    const at = asDate(r.at);
    const linkedAt = asDate(r.linked_at);
    return {
      code: "pin_then_charge",
      linkId: r.link_id,
      bankId: r.bank_id,
      key: "",
      at,
      details: { chargeId: r.charge_id, chargeYen: Number(r.amount_yen), linkedAt: linkedAt.toISOString(), minutesAfterLink: Math.round((at.getTime() - linkedAt.getTime()) / 60_000) },
    };
  });
}

/**
 * (b) One e-mail, device (or address) linking accounts at `minBanks` banks or more within the
 * window: the new link and the identity's other links in the window are flagged.
 */
async function multiBankIdentity(db: Queryable, p: MultiBankIdentityParams, scope: Scope): Promise<RuleMatch[]> {
  if (scope.kind === "batch" && scope.linkIds.length === 0) return [];
  const links = scope.kind === "batch" ? sql`la.id = any(${uuids(scope.linkIds)})` : period(sql`la.linked_at`, scope);
  const near = sql`o.id <> s.id and o.linked_at >= s.linked_at - ${p.windowDays}::int * interval '1 day' and o.linked_at <= s.linked_at + ${p.windowDays}::int * interval '1 day'`;
  const parts: SQL[] = [];
  if (p.matchOn.includes("email"))
    parts.push(sql`select s.id as src, o.id as other, o.bank_id as other_bank, 'email' as via
      from src s join wallets w2 on lower(w2.email) = s.email join linked_accounts o on o.wallet_id = w2.id where ${near}`);
  if (p.matchOn.includes("device"))
    parts.push(sql`select s.id, o.id, o.bank_id, 'device' from src s join linked_accounts o on o.device_id = s.device_id where s.device_id is not null and ${near}`);
  if (p.matchOn.includes("ip"))
    parts.push(sql`select s.id, o.id, o.bank_id, 'ip' from src s join linked_accounts o on o.ip_address = s.ip_address where s.ip_address is not null and ${near}`);
  if (parts.length === 0) return [];
  const rows = await queryRows<{ link_id: string; bank_id: string; at: Date | string; banks: number | string; others: string[]; via: string[] }>(
    db,
    sql`with src as materialized (
        select la.id, la.bank_id, la.linked_at, la.device_id, la.ip_address, lower(w.email) as email
        from linked_accounts la join wallets w on w.id = la.wallet_id where ${links}
      ),
      pairs as (${sql.join(parts, sql` union all `)})
      select s.id::text as link_id, s.bank_id::text as bank_id, s.linked_at as at,
        count(distinct p.other_bank) filter (where p.other_bank <> s.bank_id) + 1 as banks,
        (array_agg(distinct p.other::text || '/' || p.other_bank::text))[1:50] as others,
        array_agg(distinct p.via) as via
      from src s join pairs p on p.src = s.id
      group by s.id, s.bank_id, s.linked_at
      having count(distinct p.other_bank) filter (where p.other_bank <> s.bank_id) + 1 >= ${p.minBanks}::int`,
  );
  const out: RuleMatch[] = [];
  for (const r of rows) {
    const at = asDate(r.at);
    const others = (r.others ?? []).map((o) => o.split("/") as [string, string]);
    const details = { banks: Number(r.banks), via: r.via, links: [r.link_id, ...others.map(([id]) => id)] };
    out.push({ code: "multi_bank_identity", linkId: r.link_id, bankId: r.bank_id, key: "", at, details });
    for (const [id, bank] of others) out.push({ code: "multi_bank_identity", linkId: id, bankId: bank, key: "", at, details });
  }
  return out;
}

/** (c) A charge followed within the window by spending of at least spendPercent of it at the categories. */
async function cashOut(db: Queryable, p: CashOutParams, scope: Scope): Promise<RuleMatch[]> {
  if (scope.kind === "batch" && scope.touched.length === 0) return [];
  const window = sql`${p.windowMinutes}::int * interval '1 minute'`;
  const charges =
    scope.kind === "batch"
      ? sql`select c.id, c.linked_account_id, c.bank_id, c.amount_yen, c.occurred_at
          from jsonb_to_recordset(${JSON.stringify(scope.touched.map((t) => ({ link_id: t.linkId, lo: t.from.toISOString(), hi: t.to.toISOString() })))}::jsonb) as t(link_id uuid, lo timestamptz, hi timestamptz)
          join transactions c on c.linked_account_id = t.link_id and c.occurred_at >= t.lo - ${window} and c.occurred_at <= t.hi
          where c.kind = 'charge'`
      : sql`select c.id, c.linked_account_id, c.bank_id, c.amount_yen, c.occurred_at from transactions c where c.kind = 'charge' and ${period(sql`c.occurred_at`, scope)}`;
  const rows = await queryRows<{ link_id: string; bank_id: string; charge_id: string; amount_yen: string | number; charged_at: Date | string; spent: string | number; at: Date | string }>(
    db,
    sql`with ch as materialized (${charges})
      select ch.linked_account_id::text as link_id, ch.bank_id::text as bank_id, ch.id::text as charge_id, ch.amount_yen, ch.occurred_at as charged_at,
        sum(p.amount_yen) as spent, max(p.occurred_at) as at
      from ch join transactions p on p.linked_account_id = ch.linked_account_id and p.kind = 'payment'
        and p.merchant_category = any(${sql.param(p.categories)}::text[]::merchant_category[])
        and p.occurred_at >= ch.occurred_at and p.occurred_at <= ch.occurred_at + ${window}
      where ch.bank_id is not null
      group by ch.linked_account_id, ch.bank_id, ch.id, ch.amount_yen, ch.occurred_at
      having sum(p.amount_yen) * 100 >= ch.amount_yen * ${p.spendPercent}::int`,
  );
  return rows.map((r) => ({
    code: "cash_out",
    linkId: r.link_id,
    bankId: r.bank_id,
    key: r.charge_id,
    at: asDate(r.at),
    details: { chargeId: r.charge_id, chargeYen: Number(r.amount_yen), spentYen: Number(r.spent), chargedAt: asDate(r.charged_at).toISOString() },
  }));
}

/**
 * (d) A burst of new links at one bank: more than `excessLinks` above the bank's usual count for
 * such a window (its new links per window over the baseline days before, from the daily rollups)
 * in the window ending at a new link. Each link of the burst is flagged. The usual count is read
 * once per bank and day of the scope (materialized: inlined, PostgreSQL summed the rollups again
 * for every link in the join's filter).
 */
async function linkBurst(db: Queryable, p: LinkBurstParams, scope: Scope): Promise<RuleMatch[]> {
  if (scope.kind === "batch" && scope.linkIds.length === 0) return [];
  const links = scope.kind === "batch" ? sql`la.id = any(${uuids(scope.linkIds)})` : period(sql`la.linked_at`, scope);
  const windows = sql`(${p.baselineDays}::int * 1440.0 / ${p.windowMinutes}::int)`;
  const rows = await queryRows<{ link_id: string; bank_id: string; at: Date | string; n: string | number; usual: string | number }>(
    db,
    sql`with src as materialized (
        select la.id, la.bank_id, la.linked_at, (la.linked_at at time zone 'Asia/Tokyo')::date as day from linked_accounts la where ${links}
      ),
      usual as materialized (
        select d.bank_id, d.day,
          coalesce((select sum(r.new_links) from daily_bank_rollups r where r.bank_id = d.bank_id and r.day >= d.day - ${p.baselineDays}::int and r.day < d.day), 0)::float8 / ${windows} as per_window
        from (select distinct bank_id, day from src) d
      ),
      counted as (
        select s.*, (select count(*) from linked_accounts o where o.bank_id = s.bank_id
          and o.linked_at > s.linked_at - ${p.windowMinutes}::int * interval '1 minute' and o.linked_at <= s.linked_at) as n
        from src s
      )
      select c.id::text as link_id, c.bank_id::text as bank_id, c.linked_at as at, c.n, round(u.per_window::numeric, 2) as usual
      from counted c join usual u on u.bank_id = c.bank_id and u.day = c.day
      where c.n > u.per_window + ${p.excessLinks}::int`,
  );
  return rows.map((r) => ({
    code: "link_burst",
    linkId: r.link_id,
    bankId: r.bank_id,
    key: "",
    at: asDate(r.at),
    details: { linksInWindow: Number(r.n), usualPerWindow: Number(r.usual) },
  }));
}

const DETECTORS: { [C in RuleCode]: (db: Queryable, p: RuleParamsByCode[C], scope: Scope) => Promise<RuleMatch[]> } = {
  pin_then_charge: pinThenCharge,
  multi_bank_identity: multiBankIdentity,
  cash_out: cashOut,
  link_burst: linkBurst,
};

export function detect<C extends RuleCode>(db: Queryable, code: C, params: RuleParamsByCode[C], scope: Scope): Promise<RuleMatch[]> {
  return DETECTORS[code](db, params, scope);
}
