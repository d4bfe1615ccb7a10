import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { seedDemo } from "@/db/seed";
import { listReimbursements } from "@/lib/reimbursements/list";
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
});
