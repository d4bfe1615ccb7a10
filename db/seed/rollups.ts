import { sql } from "drizzle-orm";
import type { Queryable } from "../index";

/**
 * The daily rollups the charts read, rebuilt set-based from the seeded rows. A day is the Japan-time
 * calendar date. Fraud loss is counted on the day of each charge marked fraudulent on a confirmed
 * case; fraud spending on the day of each payment marked fraudulent on a confirmed case, under the
 * case's bank (a mark "not fraudulent", or a case closed otherwise, counts in neither).
 */

const jstDay = (column: ReturnType<typeof sql.identifier>) => sql`(${column} at time zone 'Asia/Tokyo')::date`;

export async function writeBankRollups(tx: Queryable): Promise<void> {
  const occurred = jstDay(sql.identifier("occurred_at"));
  await tx.execute(sql`
    insert into daily_bank_rollups (day, bank_id, charges_count, charges_yen, payments_yen, new_links, cases_opened, fraud_loss_yen)
    select day, bank_id, sum(charges_count), sum(charges_yen), sum(payments_yen), sum(new_links), sum(cases_opened), sum(fraud_loss_yen)
    from (
      select ${occurred} as day, bank_id,
        count(*) filter (where kind = 'charge') as charges_count,
        coalesce(sum(amount_yen) filter (where kind = 'charge'), 0) as charges_yen,
        coalesce(sum(amount_yen) filter (where kind = 'payment'), 0) as payments_yen,
        0 as new_links, 0 as cases_opened, 0 as fraud_loss_yen
      from transactions where bank_id is not null
      group by 1, 2
      union all
      select ${jstDay(sql.identifier("linked_at"))}, bank_id, 0, 0, 0, count(*), 0, 0 from linked_accounts group by 1, 2
      union all
      select ${jstDay(sql.identifier("opened_at"))}, bank_id, 0, 0, 0, 0, count(*), 0 from cases group by 1, 2
      union all
      select (t.occurred_at at time zone 'Asia/Tokyo')::date, c.bank_id, 0, 0, 0, 0, 0, sum(t.amount_yen)
      from case_transactions ct
        join cases c on c.id = ct.case_id
        join transactions t on t.id = ct.transaction_id
      where t.kind = 'charge' and c.outcome = 'confirmed_fraud' and ct.fraudulent
      group by 1, 2
    ) x
    group by day, bank_id`);
}

export async function writeCategoryRollups(tx: Queryable): Promise<void> {
  await tx.execute(sql`
    insert into daily_category_rollups (day, bank_id, category, fraud_payments_yen, fraud_payments_count)
    select (t.occurred_at at time zone 'Asia/Tokyo')::date, c.bank_id, t.merchant_category, sum(t.amount_yen), count(*)
    from case_transactions ct
      join cases c on c.id = ct.case_id
      join transactions t on t.id = ct.transaction_id
    where t.kind = 'payment' and t.merchant_category is not null and ct.fraudulent and c.outcome = 'confirmed_fraud'
    group by 1, 2, 3`);
}
