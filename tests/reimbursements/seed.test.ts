import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { seedDemo } from "@/db/seed";
import { accountHash } from "@/lib/events/account-hash";
import { listReimbursements } from "@/lib/reimbursements/list";
import { listPayoutBatches, payoutBatchFile } from "@/lib/reimbursements/payouts";
import { queryRows } from "@/db/seed/query";
import { actorOf } from "../admin/support";
import { describeEachDb } from "../support/db";
import { SEED_NOW, STORY_CASES, TEST_SCALE, numbers } from "../seed/support";
import type { Db } from "@/db";

describeEachDb("demo seed: the reimbursement programme under way", (ctx) => {
  beforeAll(async () => {
    await seedDemo(ctx.handle, { scale: TEST_SCALE, now: SEED_NOW });
  });

  it("every queue the page shows has rows (waiting, approved, rejected), one waits for the bank's second approval, and the story's figures are untouched", async () => {
    const db = ctx.handle.db as Db;
    const carrier = await listReimbursements(await actorOf(db, "manager@carrier.demo"), { limit: 200 });
    const byStatus = (s: string) => carrier.items.filter((i) => i.status === s).length;
    expect(byStatus("pending")).toBeGreaterThanOrEqual(2);
    expect(byStatus("approved")).toBeGreaterThanOrEqual(2);
    expect(byStatus("rejected")).toBe(1);
    expect(carrier.items.find((i) => i.status === "rejected")!.decisionNote).toMatch(/compensated/);
    expect(carrier.totals.approved.count).toBe(byStatus("approved"));
    expect(carrier.totals.waiting_for_me.count).toBeGreaterThanOrEqual(1);
    const bank = await listReimbursements(await actorOf(db, "manager@bank0101.demo"), { queue: "waiting_for_me" });
    expect(bank.items.length).toBeGreaterThanOrEqual(1);
    expect(bank.items.every((i) => i.bank.code === "0101")).toBe(true);
    // Each case's reimbursed amount is what was approved on it; nothing passes the confirmed loss; no maker decided.
    const t = await numbers(
      ctx.handle.db,
      sql`select
        (select count(*)::int from cases c where c.reimbursed_yen <> coalesce((select sum(r.amount_yen) from reimbursements r where r.case_id = c.id and r.status in ('approved', 'sent', 'paid')), 0)) as mismatched,
        (select count(*)::int from cases c where c.reimbursed_yen + coalesce((select sum(r.amount_yen) from reimbursements r where r.case_id = c.id and r.status = 'pending'), 0) > c.confirmed_loss_yen) as over,
        (select count(*)::int from reimbursement_approvals a join reimbursements r on r.id = a.reimbursement_id where a.approver_id = r.requested_by) as maker_decided,
        (select sum(confirmed_loss_yen)::bigint from ${STORY_CASES} c) as loss`,
    );
    expect(t).toEqual({ mismatched: 0, over: 0, maker_decided: 0, loss: 25_420_000 });
  });

  it("the programme's payouts: a first batch paid (each transfer with the bank's reference, one returned and approved again), a second sent and waiting; every queue has rows for the carrier and for bank 0101; each line pays the victim's own account (its number matches the link's hash) and each batch's file is written", async () => {
    const db = ctx.handle.db as Db;
    const carrier = await listReimbursements(await actorOf(db, "manager@carrier.demo"), { limit: 200 });
    for (const q of ["waiting_for_me", "approved", "sent", "paid", "rejected"] as const) expect(carrier.totals[q].count, q).toBeGreaterThan(0);
    expect(carrier.totals.paid.count).toBeGreaterThanOrEqual(10);
    const paid = carrier.items.filter((i) => i.status === "paid");
    expect(paid.every((i) => i.payments[0]?.status === "paid" && /^ZB20201030-\d{4}$/.test(i.payments[0].bankReference ?? ""))).toBe(true);
    expect(carrier.items.filter((i) => i.status === "sent").every((i) => i.payments[0]?.status === "sent" && i.viewer.canSettle)).toBe(true);
    const returned = carrier.items.filter((i) => i.payments.some((p) => p.status === "returned"));
    expect(returned.map((i) => [i.status, i.payments.length, i.payments[0]!.returnReason !== null])).toEqual([["approved", 1, true]]);
    const bank = await listReimbursements(await actorOf(db, "manager@bank0101.demo"), { limit: 200 });
    for (const q of ["approved", "sent", "paid", "rejected"] as const) expect(bank.totals[q].count, `bank 0101 ${q}`).toBeGreaterThan(0);

    const lines = await queryRows<{ bank_code: string; branch_code: string; account_number: string; account_hash: string }>(
      ctx.handle.db,
      sql`select o.bank_code, l.branch_code, pl.account_number, l.account_hash
        from payout_lines pl join reimbursements r on r.id = pl.reimbursement_id join cases c on c.id = r.case_id
          join linked_accounts l on l.id = c.linked_account_id join organisations o on o.id = l.bank_id`,
    );
    expect(lines.length).toBeGreaterThanOrEqual(15);
    expect(lines.filter((l) => accountHash(l.bank_code, l.branch_code, l.account_number) !== l.account_hash)).toEqual([]);
    const payer = await actorOf(db, "manager@carrier.demo");
    const batches = await listPayoutBatches(payer);
    expect(batches.items.map((b) => b.transferDate)).toEqual(["2020-11-13", "2020-10-30"]);
    for (const b of batches.items) {
      const { bytes } = await payoutBatchFile(payer, b.id);
      expect(bytes.length).toBe((b.lineCount + 3) * 122);
    }
    const t = await numbers(
      ctx.handle.db,
      sql`select
        (select count(*)::int from payout_batches b where b.total_yen <> (select sum(amount_yen) from payout_lines pl where pl.batch_id = b.id) or b.line_count <> (select count(*) from payout_lines pl where pl.batch_id = b.id)) as batch_mismatch,
        (select count(*)::int from reimbursements r where r.status in ('sent', 'paid') and not exists (select 1 from payout_lines pl where pl.reimbursement_id = r.id and pl.status::text = r.status::text)) as unlined,
        (select count(*)::int from case_events e where e.kind = 'reimbursement_paid') as paid_events`,
    );
    expect(t).toEqual({ batch_mismatch: 0, unlined: 0, paid_events: carrier.totals.paid.count });
  });
});
