import { sql, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db";
import { queryRows } from "@/db/seed/query";
import { NO_INCIDENT } from "./constants";

/**
 * What each analytics rollup holds, computed from the raw rows (cases, marks, transactions,
 * reimbursements, links, decision counters) with the same definitions as the triggers of migration
 * 0025. The property test compares the two after random histories; the bench times the raw form
 * beside the rollups. Rows are keyed strings → numbers, zero rows left out.
 */

const JST = (column: SQL) => sql`(${column} at time zone 'Asia/Tokyo')::date`;

export const RAW_CASES = sql`
  select c.bank_id, coalesce(c.incident_id, ${NO_INCIDENT}::uuid) as incident_key, ${JST(sql`c.opened_at`)} as opened_day,
    ${JST(sql`coalesce((
      select coalesce(min(t.occurred_at) filter (where t.kind = 'charge'), min(t.occurred_at))
      from case_transactions ct join transactions t on t.id = ct.transaction_id where ct.case_id = c.id and ct.fraudulent
    ), c.opened_at)`)} as withdrawn_day,
    case when c.status = 'closed' then ${JST(sql`coalesce(c.closed_at, c.updated_at)`)} else 'infinity'::date end as closed_day,
    ${JST(sql`c.due_at`)} as due_day,
    case when c.status = 'closed' then c.outcome::text else 'open' end as outcome,
    analytics_compensation(c.id, c.outcome, c.reimbursed_yen) as compensation,
    (c.status = 'closed' and coalesce(c.closed_at, c.updated_at) > c.due_at) as sla_breached,
    case when c.outcome = 'confirmed_fraud' then c.confirmed_loss_yen else c.loss_yen end as loss_yen,
    c.reimbursed_yen
  from cases c`;

export const RAW_SPEND = sql`
  select ${JST(sql`t.occurred_at`)} as day, c.bank_id, coalesce(c.incident_id, ${NO_INCIDENT}::uuid) as incident_key,
    coalesce(t.merchant_category::text, 'other') as category, t.amount_yen
  from case_transactions ct
    join cases c on c.id = ct.case_id
    join transactions t on t.id = ct.transaction_id
  where ct.fraudulent and t.kind = 'payment' and c.outcome = 'confirmed_fraud'`;

type Totals = Map<string, number>;

async function totals(db: Queryable, query: SQL): Promise<Totals> {
  const rows = await queryRows<{ k: string; v: string | number }>(db, query);
  const out: Totals = new Map();
  for (const r of rows) if (Number(r.v) !== 0) out.set(r.k, Number(r.v));
  return out;
}

export interface RollupComparison {
  name: string;
  rollup: Totals;
  raw: Totals;
}

/** Every rollup beside its raw aggregate, as key → value maps (zero values left out on both sides). */
export async function compareRollups(db: Queryable): Promise<RollupComparison[]> {
  const caseKey = sql`concat_ws('|', bank_id, incident_key, opened_day, withdrawn_day, closed_day, due_day, outcome, compensation, sla_breached)`;
  const pairs: [string, SQL, SQL][] = [
    ["cases", sql`select ${caseKey} as k, sum(cases) as v from analytics_case_rollups group by 1`, sql`select ${caseKey} as k, count(*) as v from (${RAW_CASES}) x group by 1`],
    ["case loss", sql`select ${caseKey} as k, sum(loss_yen) as v from analytics_case_rollups group by 1`, sql`select ${caseKey} as k, sum(loss_yen) as v from (${RAW_CASES}) x group by 1`],
    ["case reimbursed", sql`select ${caseKey} as k, sum(reimbursed_yen) as v from analytics_case_rollups group by 1`, sql`select ${caseKey} as k, sum(reimbursed_yen) as v from (${RAW_CASES}) x group by 1`],
    [
      "spend yen",
      sql`select concat_ws('|', day, bank_id, incident_key, category) as k, sum(yen) as v from analytics_spend_rollups group by 1`,
      sql`select concat_ws('|', day, bank_id, incident_key, category) as k, sum(amount_yen) as v from (${RAW_SPEND}) x group by 1`,
    ],
    [
      "spend payments",
      sql`select concat_ws('|', day, bank_id, incident_key, category) as k, sum(payments) as v from analytics_spend_rollups group by 1`,
      sql`select concat_ws('|', day, bank_id, incident_key, category) as k, count(*) as v from (${RAW_SPEND}) x group by 1`,
    ],
    [
      "links",
      sql`select concat_ws('|', day, bank_id, verification) as k, sum(links) as v from analytics_link_rollups group by 1`,
      sql`select concat_ws('|', ${JST(sql`linked_at`)}, bank_id, verification) as k, count(*) as v from linked_accounts group by 1`,
    ],
    [
      "decisions",
      sql`select concat_ws('|', day, bank_id, operation, outcome) as k, sum(decisions) as v from analytics_decision_rollups group by 1`,
      sql`select concat_ws('|', ${JST(sql`bucket_start`)}, bank_id, operation, outcome) as k, sum(count) as v from decision_counters group by 1`,
    ],
    // The coarser rollups of migration 0031, against the same raw rows.
    ...(["cases", "loss_yen", "reimbursed_yen"] as const).flatMap((v): [string, SQL, SQL][] => [
      [
        `case days ${v}`,
        sql`select concat_ws('|', opened_day, bank_id, incident_key, outcome, compensation) as k, sum(${sql.identifier(v)}) as v from analytics_case_day_rollups group by 1`,
        sql`select concat_ws('|', opened_day, bank_id, incident_key, outcome, compensation) as k, ${v === "cases" ? sql`count(*)` : sql`sum(${sql.identifier(v)})`} as v from (${RAW_CASES}) x group by 1`,
      ],
      [
        `regulator ${v}`,
        sql`select concat_ws('|', withdrawn_day, bank_id, incident_key, compensation) as k, sum(${sql.identifier(v)}) as v from analytics_regulator_rollups group by 1`,
        sql`select concat_ws('|', withdrawn_day, bank_id, incident_key, compensation) as k, ${v === "cases" ? sql`count(*)` : sql`sum(${sql.identifier(v)})`} as v from (${RAW_CASES}) x where outcome = 'confirmed_fraud' group by 1`,
      ],
    ]),
    [
      "cases closed",
      sql`select concat_ws('|', closed_day, bank_id, incident_key, sla_breached) as k, sum(cases) as v from analytics_case_closed_rollups group by 1`,
      sql`select concat_ws('|', closed_day, bank_id, incident_key, sla_breached) as k, count(*) as v from (${RAW_CASES}) x where closed_day <> 'infinity' group by 1`,
    ],
    [
      "cases open",
      sql`select concat_ws('|', opened_day, due_day, bank_id, incident_key) as k, sum(cases) as v from analytics_case_open_rollups group by 1`,
      sql`select concat_ws('|', opened_day, due_day, bank_id, incident_key) as k, count(*) as v from (${RAW_CASES}) x where outcome = 'open' group by 1`,
    ],
    [
      "links per day",
      sql`select concat_ws('|', day, verification) as k, sum(links) as v from analytics_link_day_rollups group by 1`,
      sql`select concat_ws('|', ${JST(sql`linked_at`)}, verification) as k, count(*) as v from linked_accounts group by 1`,
    ],
    [
      "decisions per day",
      sql`select concat_ws('|', day, operation, outcome) as k, sum(decisions) as v from analytics_decision_day_rollups group by 1`,
      sql`select concat_ws('|', ${JST(sql`bucket_start`)}, operation, outcome) as k, sum(count) as v from decision_counters group by 1`,
    ],
    [
      "decisions per month",
      sql`select concat_ws('|', month, bank_id, operation, outcome) as k, sum(decisions) as v from analytics_decision_month_rollups group by 1`,
      sql`select concat_ws('|', date_trunc('month', ${JST(sql`bucket_start`)})::date, bank_id, operation, outcome) as k, sum(count) as v from decision_counters group by 1`,
    ],
  ];
  const out: RollupComparison[] = [];
  for (const [name, rollup, raw] of pairs) out.push({ name, rollup: await totals(db, rollup), raw: await totals(db, raw) });
  return out;
}
