import { eq, inArray } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import type { Db } from "@/db";
import { auditLog, payoutLines, reimbursements } from "@/db/schema";
import type { StaffActor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { createPayoutBatch, listPayoutBatches, payoutBatch, payoutBatchFile } from "@/lib/reimbursements/payouts";
import { approveReimbursement, proposeReimbursement } from "@/lib/reimbursements/service";
import { describeEachDb } from "../support/db";
import { refusal, reimbursementFixture, type ReimbursementFixture } from "./support";

const MANAGER = "manager@carrier.demo";

describeEachDb("reimbursements: payout batches and the zengin file", (ctx) => {
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

  /** An approved reimbursement of a new case; the link's hash made from a known number, as ingestion stores it. */
  async function approved(amountYen: number, options: { other?: boolean } = {}) {
    const c = await f.confirmedCase("0101", amountYen);
    const number = String(1_000_000 + ++seq).padStart(7, "0");
    await f.knownAccountNumber(c.id, number);
    const payee = options.other ? { bankCode: "0108", branchCode: "002", accountNumber: "7654321", holderKana: "ヤマダ ハナコ", reason: "The victim closed the linked account" } : undefined;
    const r = await proposeReimbursement(inv, { caseId: c.id, amountYen, reason: "Confirmed loss", payee });
    await approveReimbursement(manager, r.id, { code: await f.freshCode(MANAGER), version: 1 });
    return { id: r.id, number };
  }

  it("a batch of approved reimbursements: one payout line each, the reimbursements sent, audited, and the file is the zengin layout in Shift_JIS (120 bytes + CR LF per record, trailer count and total)", async () => {
    const a = await approved(12_345);
    const b = await approved(20_000, { other: true });
    const batch = await createPayoutBatch(manager, { transferDate: "2026-12-10", lines: [{ reimbursementId: a.id, accountNumber: a.number }, { reimbursementId: b.id }] });
    expect(batch).toMatchObject({ lineCount: 2, totalYen: 32_345, transferDate: "2026-12-10" });
    expect(batch.lines.map((l) => l.status)).toEqual(["sent", "sent"]);
    const rows = await db.select({ status: reimbursements.status, sentAt: reimbursements.sentAt }).from(reimbursements).where(inArray(reimbursements.id, [a.id, b.id]));
    expect(rows.every((r) => r.status === "sent" && r.sentAt)).toBe(true);
    expect(await db.select().from(auditLog).where(eq(auditLog.entityId, batch.id))).toHaveLength(1);

    const { bytes } = await payoutBatchFile(manager, batch.id);
    expect(bytes.length).toBe(5 * 122);
    const records = new TextDecoder("shift_jis").decode(bytes).split("\r\n").slice(0, 5);
    expect(records.map((r) => r[0])).toEqual(["1", "2", "2", "8", "9"]);
    expect(records[4]).toMatch(/^9 {119}$/);
    expect(records[1]!.slice(43, 50)).toBe(a.number);
    expect(records[1]!.slice(80, 90)).toBe("0000012345");
    expect(records[2]!.slice(43, 50)).toBe("7654321");
    expect(records[3]!.slice(1, 7)).toBe("000002");
    expect(records[3]!.slice(7, 19)).toBe("000000032345");
    expect((await listPayoutBatches(manager)).items.map((i) => i.id)).toContain(batch.id);
    expect((await payoutBatch(manager, batch.id)).lines).toHaveLength(2);
  });

  it("refuses a pending reimbursement, a linked account without its number or with another number, and writes nothing", async () => {
    const a = await approved(5_000);
    const c = await f.confirmedCase("0101", 5_000);
    const pending = await proposeReimbursement(inv, { caseId: c.id, amountYen: 5_000, reason: "Waiting" });
    expect(await refusal(createPayoutBatch(manager, { transferDate: "2026-12-10", lines: [{ reimbursementId: pending.id }] }))).toMatchObject({ status: 409, code: "reimbursement_not_approved" });
    expect(await refusal(createPayoutBatch(manager, { transferDate: "2026-12-10", lines: [{ reimbursementId: a.id }] }))).toMatchObject({ status: 422, code: "account_number_required", fields: { "lines.0.accountNumber": { code: "account_number_required" } } });
    expect(await refusal(createPayoutBatch(manager, { transferDate: "2026-12-10", lines: [{ reimbursementId: a.id, accountNumber: "9999999" }] }))).toMatchObject({ status: 422, code: "account_number_mismatch" });
    expect(await db.select().from(payoutLines).where(eq(payoutLines.reimbursementId, a.id))).toHaveLength(0);
    const [r] = await db.select({ status: reimbursements.status }).from(reimbursements).where(eq(reimbursements.id, a.id));
    expect(r!.status).toBe("approved");
  });

  it("two batches naming the same reimbursement at once: exactly one pays it (one payout line), the other is refused", async () => {
    for (let round = 0; round < 3; round++) {
      const a = await approved(1_000);
      const make = () => createPayoutBatch(manager, { transferDate: "2026-12-11", lines: [{ reimbursementId: a.id, accountNumber: a.number }] });
      const results = await Promise.allSettled([make(), make()]);
      expect(results.filter((x) => x.status === "fulfilled")).toHaveLength(1);
      expect(((results.find((x) => x.status === "rejected") as PromiseRejectedResult).reason as AppError).status).toBe(409);
      expect(await db.select().from(payoutLines).where(eq(payoutLines.reimbursementId, a.id))).toHaveLength(1);
    }
  });

  it("only the carrier's managers pay: a bank's manager and an investigator are refused", async () => {
    const a = await approved(1_000);
    for (const email of ["manager@bank0101.demo", "investigator@carrier.demo"]) {
      expect((await refusal(createPayoutBatch(await f.actor(email), { transferDate: "2026-12-10", lines: [{ reimbursementId: a.id, accountNumber: a.number }] }))).status).toBe(403);
      expect((await refusal(listPayoutBatches(await f.actor(email)))).status).toBe(403);
    }
  });
});
