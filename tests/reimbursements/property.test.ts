import fc from "fast-check";
import { sql } from "drizzle-orm";
import { ZodError } from "zod";
import { beforeAll, expect, it } from "vitest";
import type { Db } from "@/db";
import { queryRows } from "@/db/seed/query";
import type { StaffActor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { reimbursementDetail } from "@/lib/reimbursements/list";
import { markPaymentPaid, markPaymentReturned } from "@/lib/reimbursements/payments";
import { createPayoutBatch } from "@/lib/reimbursements/payouts";
import { approveReimbursement, editReimbursement, proposeReimbursement, recordCompensation, rejectReimbursement, withdrawReimbursement } from "@/lib/reimbursements/service";
import { describeEachDb } from "../support/db";
import { reimbursementFixture, type ReimbursementFixture } from "./support";

/**
 * Any sequence of proposals, edits, withdrawals, approvals, rejections, the bank's compensations,
 * batches and the bank's paid / returned answers on one case, by makers who are also managers
 * among others: what the case has approved, sent or paid (plus what is pending and what the bank
 * compensated) never passes its confirmed loss, the case's reimbursed amount is what is approved,
 * sent or paid, and no approval row names the maker. A refusal is a typed one (or the schema's).
 */

const MAKERS = ["investigator@carrier.demo", "investigator2@carrier.demo"] as const;
/** "bank": the manager of the case's bank. */
const MANAGERS = ["manager@carrier.demo", "manager2@carrier.demo", "bank", "investigator2@carrier.demo"] as const;
const BANKS = ["0101", "0108"] as const;

const proposal = fc.record({ kind: fc.constant("propose" as const), maker: fc.constantFrom(...MAKERS), amount: fc.integer({ min: 1, max: 1_500_000 }) });
// Weighted towards moving a reimbursement on (approve, batch, paid), so the sequences reach every state.
const op = fc.oneof(
  { arbitrary: proposal, weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("edit" as const), maker: fc.constantFrom(...MAKERS), amount: fc.integer({ min: 1, max: 1_500_000 }) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("withdraw" as const), maker: fc.constantFrom(...MAKERS) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("approve" as const), by: fc.constantFrom(...MANAGERS) }), weight: 5 },
  { arbitrary: fc.record({ kind: fc.constant("reject" as const), by: fc.constantFrom(...MANAGERS) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("compensate" as const), amount: fc.integer({ min: 1, max: 600_000 }) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("batch" as const) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant("paid" as const) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("returned" as const) }), weight: 1 },
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

describeEachDb("reimbursements: a property of any sequence", (ctx) => {
  let f: ReimbursementFixture;
  let db: Db;
  const actors = new Map<string, StaffActor>();

  beforeAll(async () => {
    db = ctx.handle.db as Db;
    f = await reimbursementFixture(db);
    // A maker who is a manager too: the engine, the constraint and the trigger must still refuse them on their own proposals.
    await f.setRoles("investigator2@carrier.demo", ["investigator", "manager"]);
    for (const email of [...MAKERS, ...MANAGERS.filter((m) => m !== "bank"), ...BANKS.map((b) => `manager@bank${b}.demo`)]) actors.set(email, await f.actor(email));
  });

  it("for any sequence of proposals, edits, approvals, rejections, compensations, batches, paid and returned: approved + pending + compensated never pass the confirmed loss, the case's reimbursed amount is what is approved, sent or paid, and no maker approves", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 10_000, max: 2_000_000 }), proposal, fc.array(op, { minLength: 1, maxLength: 12 }), async (loss, first, rest) => {
        const ops = [first, ...rest];
        // Both demo banks (the fixture has some thirty spare links at 0101, a dozen at 0108).
        const bank = BANKS[++n % 3 === 0 ? 1 : 0]!;
        const c = await f.confirmedCase(bank, loss);
        const number = String(5_000_000 + n);
        await f.knownAccountNumber(c.id, number);
        let current: string | null = null;
        let batchId: string | null = null;
        const run = async (o: Op) => {
          const as = (email: string) => actors.get(email === "bank" ? `manager@bank${bank}.demo` : email)!;
          const r = current ? await reimbursementDetail(as("manager@carrier.demo"), current) : null;
          switch (o.kind) {
            case "propose":
              current = (await proposeReimbursement(as(o.maker), { caseId: c.id, amountYen: o.amount, reason: "Property" })).id;
              batchId = null;
              return;
            case "edit":
              if (r) await editReimbursement(as(o.maker), r.id, { version: r.version, amountYen: o.amount });
              return;
            case "withdraw":
              if (r) await withdrawReimbursement(as(o.maker), r.id, { version: r.version });
              return;
            case "approve":
              if (r) await approveReimbursement(as(o.by), r.id, { code: await f.freshCode(as(o.by).email), version: r.version });
              return;
            case "reject":
              if (r) await rejectReimbursement(as(o.by), r.id, { reason: "Property", version: r.version });
              return;
            case "compensate":
              await recordCompensation(as("bank"), c.id, { amountYen: o.amount, note: "Property" });
              return;
            case "batch":
              if (r) batchId = (await createPayoutBatch(as("manager@carrier.demo"), { transferDate: "2026-12-28", lines: [{ reimbursementId: r.id, accountNumber: number }] })).id;
              return;
            case "paid":
              if (r && batchId) await markPaymentPaid(as("manager@carrier.demo"), batchId, r.id, { bankReference: "PROP" });
              return;
            case "returned":
              if (r && batchId) await markPaymentReturned(as("manager@carrier.demo"), batchId, r.id, { reason: "Property" });
              return;
          }
        };
        for (const o of ops) {
          try {
            await run(o);
          } catch (e) {
            if (!(e instanceof AppError) && !(e instanceof ZodError)) throw e;
            expect(e instanceof AppError ? e.status : 422).toBeGreaterThanOrEqual(400);
          }
          const [t] = await queryRows<{ accepted: string; pending: string; compensated: string; reimbursed: string; loss: string; maker_approved: number }>(
            db,
            sql`select
              (select coalesce(sum(amount_yen), 0)::text from reimbursements where case_id = ${c.id} and status in ('approved', 'sent', 'paid')) as accepted,
              (select coalesce(sum(amount_yen), 0)::text from reimbursements where case_id = ${c.id} and status = 'pending') as pending,
              (select coalesce(sum(amount_yen), 0)::text from case_compensations where case_id = ${c.id}) as compensated,
              (select reimbursed_yen::text from cases where id = ${c.id}) as reimbursed,
              (select confirmed_loss_yen::text from cases where id = ${c.id}) as loss,
              (select count(*)::int from reimbursement_approvals a join reimbursements r on r.id = a.reimbursement_id where r.case_id = ${c.id} and a.approver_id = r.requested_by) as maker_approved`,
          );
          expect(Number(t!.accepted) + Number(t!.pending) + Number(t!.compensated)).toBeLessThanOrEqual(Number(t!.loss));
          expect(Number(t!.reimbursed)).toBe(Number(t!.accepted));
          expect(t!.maker_approved).toBe(0);
        }
      }),
      // One seed, so a failure repeats: with a seed of the run's own, the 30 sequences did not always
      // reach a paid transfer (the run of 7 December 12:30 did not). Seeds 1-6 all reach every state;
      // set LINKGUARD_PROPERTY_SEED to explore others.
      { numRuns: 30, seed: Number(process.env.LINKGUARD_PROPERTY_SEED ?? 1) },
    );
    // The sequences did reach every state (not only refusals).
    const reached = await queryRows<{ status: string }>(db, sql`select distinct status::text as status from reimbursements`);
    expect(reached.map((r) => r.status)).toEqual(expect.arrayContaining(["approved", "paid", "pending"]));
  }, 300_000);
});
