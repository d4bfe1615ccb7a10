import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import type { Queryable } from "@/db";
import { seedDemo } from "@/db/seed";
import { readSeedFigures } from "@/db/seed/figures";
import { describeEachDb, freshDatabase } from "../support/db";
import { SEED_NOW, TEST_SCALE, rows } from "./support";

/** What must come out the same: everything but the random ids of organisations and users. */
async function fingerprint(db: Queryable) {
  const figures = await readSeedFigures(db);
  const holders = await rows<{ holder_name_kana: string }>(db, sql`select holder_name_kana from linked_accounts order by linked_at, id limit 50`);
  const amounts = await rows<{ amount_yen: number | string }>(db, sql`select amount_yen from transactions order by occurred_at, id limit 200`);
  // Digests of whole tables, with banks and users by their codes and e-mails.
  const [digest] = await rows<Record<string, string>>(
    db,
    sql`select
      (select md5(string_agg(concat_ws('|', la.id, la.wallet_id, o.bank_code, la.branch_code, la.account_hash, la.holder_name_kana, la.verification, la.device_id, host(la.ip_address), la.linked_at), ',' order by la.id))
        from linked_accounts la join organisations o on o.id = la.bank_id) as links,
      (select md5(string_agg(concat_ws('|', t.id, t.kind, t.wallet_id, t.linked_account_id, o.bank_code, t.amount_yen, t.merchant_name, t.occurred_at), ',' order by t.id))
        from transactions t join organisations o on o.id = t.bank_id) as transactions,
      (select md5(string_agg(concat_ws('|', w.id, w.email, w.registered_at), ',' order by w.id)) from wallets w) as wallets,
      (select md5(string_agg(concat_ws('|', o.bank_code, cc.control, cc.from_state, cc.to_state, cc.reason, u.email, cc.changed_at), ',' order by cc.changed_at, o.bank_code, cc.control))
        from control_changes cc join organisations o on o.id = cc.bank_id join users u on u.id = cc.changed_by) as controls,
      (select md5(string_agg(concat_ws('|', c.id, c.reference, o.bank_code, c.status, c.outcome, c.severity, c.source, c.loss_yen, c.confirmed_loss_yen,
          c.opened_at, c.due_at, c.snoozed_until, c.closed_at, c.version, c.linked_account_id, u.email), ',' order by c.reference))
        from cases c join organisations o on o.id = c.bank_id left join users u on u.id = c.assignee_id) as cases,
      (select md5(string_agg(concat_ws('|', e.case_id, e.kind, e.version, ua.email, e.body::text, e.at), ',' order by e.case_id, e.at, e.kind, e.body::text))
        from case_events e left join users ua on ua.id = e.actor_id where e.kind <> 'assigned') as events,
      -- An assignment's body names people by id, which differ between databases: by e-mail here.
      (select md5(string_agg(concat_ws('|', e.case_id, e.version, ua.email, ef.email, et.email, e.at), ',' order by e.case_id, e.at))
        from case_events e left join users ua on ua.id = e.actor_id
          left join users ef on ef.id::text = e.body->>'from' left join users et on et.id::text = e.body->>'to'
        where e.kind = 'assigned') as assignments,
      (select md5(string_agg(concat_ws('|', ct.case_id, ct.transaction_id, ct.fraudulent, u.email, ct.linked_at), ',' order by ct.case_id, ct.transaction_id))
        from case_transactions ct left join users u on u.id = ct.linked_by) as marks,
      (select md5(string_agg(concat_ws('|', r.day, o.bank_code, r.charges_count, r.charges_yen, r.payments_yen, r.new_links, r.cases_opened, r.fraud_loss_yen), ',' order by r.day, o.bank_code))
        from daily_bank_rollups r join organisations o on o.id = r.bank_id) as rollups,
      (select md5(string_agg(concat_ws('|', a.seq, a.at, a.actor_label, u.email, coalesce(org.bank_code, org.kind::text), b.bank_code, a.action, a.entity_type, a.entity_id, a.before::text, a.after::text, a.request_id), ',' order by a.seq))
        from audit_log a left join users u on u.id = a.actor_user_id left join organisations org on org.id = a.org_id left join organisations b on b.id = a.bank_id
        where a.action <> 'seed.demo_data') as audit`,
  );
  return { figures, holders: holders.map((h) => h.holder_name_kana), amounts: amounts.map((a) => Number(a.amount_yen)), digest };
}

describeEachDb("demo seed: determinism", (ctx) => {
  beforeAll(async () => {
    await seedDemo(ctx.handle, { scale: TEST_SCALE, now: SEED_NOW });
  });

  it("the seed is deterministic: two fresh databases seeded at the same scale and present hold the same data", async () => {
    const other = await freshDatabase(ctx.kind);
    try {
      await seedDemo(other, { scale: TEST_SCALE, now: SEED_NOW });
      const a = await fingerprint(ctx.handle.db);
      const b = await fingerprint(other.db);
      expect(a.holders).toHaveLength(50);
      expect(a.amounts).toHaveLength(200);
      expect(b).toEqual(a);
    } finally {
      await other.close();
    }
    // A whole second seed inside the test: minutes on a loaded machine.
  }, 240_000);
});
