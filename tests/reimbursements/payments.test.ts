import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import type { Db } from "@/db";
import { auditLog, caseEvents, cases, payoutLines, reimbursements } from "@/db/schema";
import type { StaffActor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { reimbursementDetail } from "@/lib/reimbursements/list";
import { markPaymentPaid, markPaymentReturned } from "@/lib/reimbursements/payments";
import { createPayoutBatch, payoutBatch } from "@/lib/reimbursements/payouts";
import { approveReimbursement, proposeReimbursement } from "@/lib/reimbursements/service";
import { describeEachDb } from "../support/db";
import { refusal, reimbursementFixture, type ReimbursementFixture } from "./support";

const MANAGER = "manager@carrier.demo";

describeEachDb("reimbursements: a transfer marked paid or returned", (ctx) => {
  let f: ReimbursementFixture;
  let db: Db;
  let inv: StaffActor;
  let manager: StaffActor;
  let seq = 0;

  beforeAll(async () => {
    db = ctx.handle.db as Db;
    f = await reimbursementFixture(db);
    inv = await f.actor("investigator@carrier.demo");
    manager = await f.actor(MANAGER);
  });

  /** An approved reimbursement of a new case, sent in a batch of its own. */
  async function sent(amountYen: number) {
    const c = await f.confirmedCase("0101", amountYen);
    const number = String(2_000_000 + ++seq).padStart(7, "0");
    await f.knownAccountNumber(c.id, number);
    const r = await proposeReimbursement(inv, { caseId: c.id, amountYen, reason: "Confirmed loss" });
    await approveReimbursement(manager, r.id, { code: await f.freshCode(MANAGER), version: 1 });
    const batch = await createPayoutBatch(manager, { transferDate: "2026-12-14", lines: [{ reimbursementId: r.id, accountNumber: number }] });
    return { id: r.id, caseId: c.id, number, batchId: batch.id };
  }

  const caseReimbursed = async (caseId: string) => (await db.select({ y: cases.reimbursedYen }).from(cases).where(eq(cases.id, caseId)))[0]!.y;
  const audits = async (id: string, action: string) => (await db.select().from(auditLog).where(and(eq(auditLog.entityId, id), eq(auditLog.action, action)))).length;
  const events = async (caseId: string, kind: "reimbursement_paid" | "reimbursement_returned") => (await db.select().from(caseEvents).where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.kind, kind)))).length;

  it("a sent transfer marked paid with the bank's reference: the reimbursement is paid, the line keeps the reference, the case's timeline and the audit log say so, the case's reimbursed amount is unchanged and its outstanding zero", async () => {
    const s = await sent(30_000);
    const before = await caseReimbursed(s.caseId);
    const r = await markPaymentPaid(manager, s.batchId, s.id, { bankReference: "ZB-2026-1214-0001" });
    expect(r).toMatchObject({ status: "paid", payments: [{ batchId: s.batchId, status: "paid", bankReference: "ZB-2026-1214-0001", returnReason: null }] });
    expect(r.paidAt).not.toBeNull();
    expect(r.arithmetic).toMatchObject({ lossYen: 30_000, reimbursedYen: 30_000, approvedYen: 0, availableYen: 0 });
    expect(await caseReimbursed(s.caseId)).toBe(before);
    expect(before).toBe(30_000);
    expect(await audits(s.id, "reimbursement.paid")).toBe(1);
    expect(await events(s.caseId, "reimbursement_paid")).toBe(1);
    const batch = await payoutBatch(manager, s.batchId);
    expect(batch.lines[0]).toMatchObject({ status: "paid", payment: "paid", bankReference: "ZB-2026-1214-0001" });
  });

  it("a returned transfer puts the reimbursement back to approved with the reason; it goes into a later batch (a second payout line), which is then paid; the returned line stays in its batch", async () => {
    const s = await sent(12_000);
    const returned = await markPaymentReturned(manager, s.batchId, s.id, { reason: "口座なし (account closed)" });
    expect(returned).toMatchObject({ status: "approved", sentAt: null, payments: [{ status: "returned", returnReason: "口座なし (account closed)" }] });
    expect(returned.arithmetic).toMatchObject({ reimbursedYen: 0, approvedYen: 12_000, availableYen: 0 });
    expect(await caseReimbursed(s.caseId)).toBe(12_000);
    expect(await audits(s.id, "reimbursement.returned")).toBe(1);
    expect(await events(s.caseId, "reimbursement_returned")).toBe(1);

    const again = await createPayoutBatch(manager, { transferDate: "2026-12-21", lines: [{ reimbursementId: s.id, accountNumber: s.number }] });
    expect(await db.select().from(payoutLines).where(eq(payoutLines.reimbursementId, s.id))).toHaveLength(2);
    // A second batch while the new transfer is out is still refused: one line not returned per reimbursement.
    expect(await refusal(createPayoutBatch(manager, { transferDate: "2026-12-22", lines: [{ reimbursementId: s.id, accountNumber: s.number }] }))).toMatchObject({ status: 409 });
    const paid = await markPaymentPaid(manager, again.id, s.id, { bankReference: "REF-2" });
    expect(paid.status).toBe("paid");
    expect(paid.payments.map((p) => [p.batchId, p.status])).toEqual([
      [again.id, "paid"],
      [s.batchId, "returned"],
    ]);
    expect((await payoutBatch(manager, s.batchId)).lines[0]).toMatchObject({ payment: "returned", status: "paid" });
    expect(await caseReimbursed(s.caseId)).toBe(12_000);
  });

  it("refusals write nothing: a transfer already paid or returned (409 payment_already_settled), a line of another batch or an unknown one (404), a missing reference or reason (422 on the field), a bank's manager and an investigator (403)", async () => {
    const s = await sent(5_000);
    const t = await sent(6_000);
    await markPaymentPaid(manager, s.batchId, s.id, { bankReference: "R1" });
    expect(await refusal(markPaymentPaid(manager, s.batchId, s.id, { bankReference: "R1" }))).toMatchObject({ status: 409, code: "payment_already_settled", params: { status: "paid" } });
    expect(await refusal(markPaymentReturned(manager, s.batchId, s.id, { reason: "late" }))).toMatchObject({ status: 409, code: "payment_already_settled" });
    expect((await refusal(markPaymentPaid(manager, s.batchId, t.id, { bankReference: "R2" }))).status).toBe(404);
    expect((await refusal(markPaymentPaid(manager, "not-a-uuid", t.id, { bankReference: "R2" }))).status).toBe(404);
    // Refused by the request's schema (the route answers 422 naming the field, tests/reimbursements/routes.test.ts).
    const fieldsOf = (p: Promise<unknown>) => p.then(
      () => [],
      (e: { issues?: { path: (string | number)[] }[] }) => [...new Set((e.issues ?? []).map((i) => i.path.join(".")))],
    );
    expect(await fieldsOf(markPaymentPaid(manager, t.batchId, t.id, { bankReference: " " }))).toEqual(["bankReference"]);
    expect(await fieldsOf(markPaymentReturned(manager, t.batchId, t.id, { reason: "" }))).toEqual(["reason"]);
    for (const email of ["manager@bank0101.demo", "investigator@carrier.demo"]) {
      expect((await refusal(markPaymentPaid(await f.actor(email), t.batchId, t.id, { bankReference: "R3" }))).status).toBe(403);
    }
    const [line] = await db.select().from(payoutLines).where(eq(payoutLines.reimbursementId, t.id));
    expect(line).toMatchObject({ status: "sent", bankReference: null, settledAt: null });
    expect((await reimbursementDetail(manager, t.id)).status).toBe("sent");
    expect(await audits(t.id, "reimbursement.paid")).toBe(0);
    const [sRow] = await db.select({ status: reimbursements.status }).from(reimbursements).where(inArray(reimbursements.id, [s.id]));
    expect(sRow!.status).toBe("paid");
  });

  it("paid and returned at the same moment on one transfer: exactly one wins, the other is 409, one audit entry", async () => {
    for (let round = 0; round < 3; round++) {
      const s = await sent(1_000);
      const results = await Promise.allSettled([markPaymentPaid(manager, s.batchId, s.id, { bankReference: `R${round}` }), markPaymentReturned(manager, s.batchId, s.id, { reason: "race" })]);
      expect(results.filter((x) => x.status === "fulfilled")).toHaveLength(1);
      expect(((results.find((x) => x.status === "rejected") as PromiseRejectedResult).reason as AppError).status).toBe(409);
      const n = (await audits(s.id, "reimbursement.paid")) + (await audits(s.id, "reimbursement.returned"));
      expect(n).toBe(1);
    }
  });
});
