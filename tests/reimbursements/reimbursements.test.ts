import { and, eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import type { Db } from "@/db";
import { auditLog, caseEvents, cases, reimbursementApprovals, reimbursements } from "@/db/schema";
import type { ServiceActor, StaffActor } from "@/lib/auth/actor";
import { listReimbursements, reimbursementDetail } from "@/lib/reimbursements/list";
import {
  approveReimbursement,
  editReimbursement,
  proposeReimbursement,
  recordCompensation,
  rejectReimbursement,
  withdrawReimbursement,
} from "@/lib/reimbursements/service";
import { AppError } from "@/lib/errors";
import { describeEachDb } from "../support/db";
import { demoCode } from "../support/totp";
import { reimbursementFixture, type ReimbursementFixture } from "./support";

/** What a refused call answers: status, machine code, the fields' codes and the params. */
async function refusal(p: Promise<unknown>): Promise<{ status: number; code: string; fields: Record<string, { code: string; params?: Record<string, string | number> }>; params?: Record<string, string | number> }> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!e) throw new Error("expected a refusal, the call succeeded");
  if (e instanceof AppError) return { status: e.status, code: e.code, fields: (e.fields ?? {}) as never, params: e.params };
  if ((e as { name?: string }).name === "ZodError") return { status: 422, code: "invalid", fields: Object.fromEntries((e as { issues: { path: (string | number)[]; code: string }[] }).issues.map((i) => [i.path.join("."), { code: i.code }])) };
  throw e as Error;
}

const CARRIER_MANAGER = "manager@carrier.demo";
const CARRIER_MANAGER2 = "manager2@carrier.demo";
const BANK_MANAGER = "manager@bank0101.demo";
const OTHER_BANK_MANAGER = "manager@bank0108.demo";

describeEachDb("reimbursements: proposing, the ceiling's arithmetic and its refusals", (ctx) => {
  let f: ReimbursementFixture;
  let db: Db;
  let inv: StaffActor;

  beforeAll(async () => {
    db = ctx.handle.db as Db;
    f = await reimbursementFixture(db);
    inv = await f.actor("investigator@carrier.demo");
  });

  it("a proposal on a confirmed-fraud case defaults to the victim's linked account, writes the case's timeline and its audit entry, and counts as pending in the arithmetic", async () => {
    const c = await f.confirmedCase("0101", 80_000);
    const r = await proposeReimbursement(inv, { caseId: c.id, amountYen: 50_000, reason: "Victim's charges, confirmed" });
    expect(r).toMatchObject({ status: "pending", amountYen: 50_000, caseReference: c.reference, version: 1, approvalsNeeded: 1, payee: { kind: "linked_account", bankCode: "0101" } });
    expect(r.payee.accountLast4).toMatch(/^\d{4}$/);
    expect(r.payee.holderKana).toMatch(/^[ｦ-ﾟ ]+$/);
    expect(r.arithmetic).toEqual({ lossYen: 80_000, reimbursedYen: 0, approvedYen: 0, pendingYen: 50_000, compensatedYen: 0, availableYen: 30_000 });
    const events = await db.select().from(caseEvents).where(and(eq(caseEvents.caseId, c.id), eq(caseEvents.kind, "reimbursement_proposed")));
    expect(events).toHaveLength(1);
    const audits = await db.select().from(auditLog).where(and(eq(auditLog.entityId, r.id), eq(auditLog.action, "reimbursement.proposed")));
    expect(audits).toHaveLength(1);
  });

  it("refuses amounts the schema cannot take (zero, negative, fractional, absurd), naming amountYen, and writes nothing", async () => {
    const c = await f.confirmedCase("0101", 10_000);
    for (const amountYen of [0, -5, 10.5, 1e13]) {
      const r = await refusal(proposeReimbursement(inv, { caseId: c.id, amountYen, reason: "x" }));
      expect(r.status).toBe(422);
      expect(Object.keys(r.fields)).toContain("amountYen");
    }
    expect(await db.select().from(reimbursements).where(eq(reimbursements.caseId, c.id))).toHaveLength(0);
  });

  it("refuses more than loss − reimbursed − approved − pending − compensated with amount_over_available and the arithmetic in the params", async () => {
    const c = await f.confirmedCase("0101", 100_000);
    const over = await refusal(proposeReimbursement(inv, { caseId: c.id, amountYen: 100_001, reason: "too much" }));
    expect(over).toMatchObject({ status: 422, code: "amount_over_available", fields: { amountYen: { code: "amount_over_available" } } });
    expect(over.params).toEqual({ lossYen: 100_000, reimbursedYen: 0, approvedYen: 0, pendingYen: 0, compensatedYen: 0, availableYen: 100_000 });

    // The bank compensated ¥30,000 itself; ¥40,000 gets approved; ¥20,000 is pending: ¥10,000 remain.
    const bankManager = await f.actor(BANK_MANAGER);
    const comp = await recordCompensation(bankManager, c.id, { amountYen: 30_000, note: "Paid back by the branch" });
    expect(comp.arithmetic.availableYen).toBe(70_000);
    const first = await proposeReimbursement(inv, { caseId: c.id, amountYen: 40_000, reason: "first part" });
    await approveReimbursement(await f.actor(CARRIER_MANAGER), first.id, { code: await f.freshCode(CARRIER_MANAGER), version: 1 });
    const second = await proposeReimbursement(inv, { caseId: c.id, amountYen: 20_000, reason: "second part" });
    expect(second.arithmetic).toEqual({ lossYen: 100_000, reimbursedYen: 0, approvedYen: 40_000, pendingYen: 20_000, compensatedYen: 30_000, availableYen: 10_000 });
    const [row] = await db.select({ reimbursed: cases.reimbursedYen }).from(cases).where(eq(cases.id, c.id));
    expect(row!.reimbursed).toBe(40_000);

    // One pending per case; and once it is withdrawn, the ceiling still holds.
    expect(await refusal(proposeReimbursement(inv, { caseId: c.id, amountYen: 1, reason: "third" }))).toMatchObject({ status: 422, code: "reimbursement_pending_exists", fields: { caseId: { code: "reimbursement_pending_exists" } } });
    await withdrawReimbursement(inv, second.id, { reason: "recalculated" });
    const capped = await refusal(proposeReimbursement(inv, { caseId: c.id, amountYen: 30_001, reason: "third" }));
    expect(capped.params).toMatchObject({ availableYen: 30_000, approvedYen: 40_000, compensatedYen: 30_000, pendingYen: 0 });
    // A compensation over what is left is refused too.
    expect(await refusal(recordCompensation(bankManager, c.id, { amountYen: 30_001, note: "more" }))).toMatchObject({ status: 422, code: "compensation_over_loss" });
  });

  it("refuses an unknown case, another bank's case and a case not confirmed, each on caseId, and a second bank's manager cannot record compensation", async () => {
    const notConfirmed = await f.confirmedCase("0101", 5_000, { open: true });
    const otherBank = await f.confirmedCase("0108", 5_000);
    const bankInv = await f.actor("investigator@bank0101.demo");
    expect(await refusal(proposeReimbursement(inv, { caseId: "00000000-0000-4000-8000-000000000000", amountYen: 1, reason: "x" }))).toMatchObject({ status: 422, code: "unknown_case" });
    expect(await refusal(proposeReimbursement(bankInv, { caseId: otherBank.id, amountYen: 1, reason: "x" }))).toMatchObject({ status: 422, code: "unknown_case", fields: { caseId: { code: "unknown_case" } } });
    expect(await refusal(proposeReimbursement(inv, { caseId: notConfirmed.id, amountYen: 1, reason: "x" }))).toMatchObject({ status: 422, code: "case_not_confirmed_fraud" });
    expect((await refusal(recordCompensation(await f.actor(OTHER_BANK_MANAGER), notConfirmed.id, { amountYen: 1, note: "x" }))).status).toBe(404);
    expect((await refusal(recordCompensation(await f.actor(CARRIER_MANAGER), otherBank.id, { amountYen: 1, note: "x" }))).status).toBe(403);
    expect(await db.select().from(reimbursements).where(eq(reimbursements.caseId, notConfirmed.id))).toHaveLength(0);
  });

  it("another payee needs a reason, a known bank code and a name the transfer file can carry", async () => {
    const c = await f.confirmedCase("0101", 50_000);
    const payee = { bankCode: "0108", branchCode: "001", accountNumber: "1234567", holderKana: "ヤマダ タロウ" };
    expect(await refusal(proposeReimbursement(inv, { caseId: c.id, amountYen: 1_000, reason: "x", payee }))).toMatchObject({ code: "payee_reason_required", fields: { "payee.reason": { code: "payee_reason_required" } } });
    expect(await refusal(proposeReimbursement(inv, { caseId: c.id, amountYen: 1_000, reason: "x", payee: { ...payee, bankCode: "9999", reason: "closed account" } }))).toMatchObject({ code: "unknown_payee_bank", fields: { "payee.bankCode": { code: "unknown_payee_bank" } } });
    expect(await refusal(proposeReimbursement(inv, { caseId: c.id, amountYen: 1_000, reason: "x", payee: { ...payee, holderKana: "山田太郎", reason: "closed account" } }))).toMatchObject({ code: "payee_name_not_transferable", fields: { "payee.holderKana": { code: "payee_name_not_transferable" } } });
    expect((await refusal(proposeReimbursement(inv, { caseId: c.id, amountYen: 1_000, reason: "x", payee: { ...payee, branchCode: "01", reason: "r" } }))).fields).toHaveProperty(["payee.branchCode"]);
    const ok = await proposeReimbursement(inv, { caseId: c.id, amountYen: 1_000, reason: "x", payee: { ...payee, reason: "The victim closed the linked account" } });
    expect(ok.payee).toMatchObject({ kind: "other", bankCode: "0108", branchCode: "001", accountLast4: "4567", holderKana: "ﾔﾏﾀﾞ ﾀﾛｳ", reason: "The victim closed the linked account" });
  });

  it("only investigators propose; managers, auditors, admins and API keys are refused", async () => {
    const c = await f.confirmedCase("0101", 5_000);
    for (const email of [CARRIER_MANAGER, "auditor@carrier.demo", "admin@carrier.demo", "operator@bank0101.demo"]) {
      expect((await refusal(proposeReimbursement(await f.actor(email), { caseId: c.id, amountYen: 1, reason: "x" }))).status).toBe(403);
    }
    const key = { ...inv, kind: "service", apiKeyId: "k", keyName: "k", scopes: ["read"] } as unknown as ServiceActor;
    expect((await refusal(proposeReimbursement(key, { caseId: c.id, amountYen: 1, reason: "x" }))).status).toBe(403);
  });
});

describeEachDb("reimbursements: approving, maker-checker and step-up", (ctx) => {
  let f: ReimbursementFixture;
  let db: Db;
  let inv: StaffActor;

  beforeAll(async () => {
    db = ctx.handle.db as Db;
    f = await reimbursementFixture(db);
    inv = await f.actor("investigator@carrier.demo");
  });

  async function proposal(amountYen = 10_000, bankCode = "0101", maker = inv) {
    const c = await f.confirmedCase(bankCode, Math.max(amountYen, 2_000_000));
    return proposeReimbursement(maker, { caseId: c.id, amountYen, reason: "Confirmed loss" });
  }

  it("a manager approves with a fresh code: approved, the case's reimbursed amount up, the timeline and the audit written in the same step", async () => {
    const r = await proposal(10_000);
    const approved = await approveReimbursement(await f.actor(CARRIER_MANAGER), r.id, { code: await f.freshCode(CARRIER_MANAGER), version: 1, note: "ok" });
    expect(approved).toMatchObject({ status: "approved", decidedBy: { name: expect.any(String) }, approvals: [{ decision: "approve", current: true }] });
    const [c] = await db.select({ reimbursed: cases.reimbursedYen }).from(cases).where(eq(cases.id, r.caseId));
    expect(c!.reimbursed).toBe(10_000);
    expect(await db.select().from(caseEvents).where(and(eq(caseEvents.caseId, r.caseId), eq(caseEvents.kind, "reimbursement_decided")))).toHaveLength(1);
    expect(await db.select().from(auditLog).where(and(eq(auditLog.entityId, r.id), eq(auditLog.action, "reimbursement.approved")))).toHaveLength(1);
  });

  it("the step-up code is required, must be right, and works once (a code used for an approval is refused the next time)", async () => {
    const manager = await f.actor(CARRIER_MANAGER);
    const r1 = await proposal(1_000);
    const r2 = await proposal(1_000);
    expect((await refusal(approveReimbursement(manager, r1.id, { version: 1 } as never))).fields).toHaveProperty("code");
    const wrong = String((Number(demoCode(CARRIER_MANAGER)) + 1) % 1_000_000).padStart(6, "0");
    expect(await refusal(approveReimbursement(manager, r1.id, { code: wrong, version: 1 }))).toMatchObject({ status: 422, code: "step_up_wrong_code", fields: { code: { code: "step_up_wrong_code" } } });
    const code = await f.freshCode(CARRIER_MANAGER);
    await approveReimbursement(manager, r1.id, { code, version: 1 });
    expect(await refusal(approveReimbursement(manager, r2.id, { code, version: 1 }))).toMatchObject({ status: 422, code: "step_up_reused_code" });
    const [still] = await db.select({ status: reimbursements.status }).from(reimbursements).where(eq(reimbursements.id, r2.id));
    expect(still!.status).toBe("pending");
  });

  it("nobody approves their own proposal: not as a manager-investigator, not as an admin, not after a manager role granted later, not with an API key", async () => {
    // An investigator who is also a manager proposes: their own approval is refused (own_request).
    await f.setRoles("investigator2@carrier.demo", ["investigator", "manager"]);
    const both = { ...(await f.actor("investigator2@carrier.demo")), roles: ["investigator", "manager"] } as StaffActor;
    const own = await proposal(5_000, "0101", both);
    const e1 = await refusal(approveReimbursement(both, own.id, { code: await f.freshCode("investigator2@carrier.demo"), version: 1 }));
    expect(e1.status).toBe(403);
    expect(own.viewer).toMatchObject({ canApprove: false, approveBlockedBy: "own_request" });
    // As an admin (with every role): still the maker.
    const admin = { ...both, roles: ["admin", "investigator", "manager"] } as StaffActor;
    expect((await refusal(approveReimbursement(admin, own.id, { code: await f.freshCode("investigator2@carrier.demo"), version: 1 }))).status).toBe(403);
    expect((await refusal(rejectReimbursement(admin, own.id, { reason: "my own" }))).status).toBe(403);
    // An admin who is not a manager cannot decide at all.
    expect((await refusal(approveReimbursement(await f.actor("admin@carrier.demo"), own.id, { code: await f.freshCode("admin@carrier.demo"), version: 1 }))).status).toBe(403);
    // A plain investigator proposes, then is granted manager: still refused.
    const r = await proposal(5_000);
    await f.setRoles("investigator@carrier.demo", ["investigator", "manager"]);
    const promoted = { ...inv, roles: ["investigator", "manager"] } as StaffActor;
    expect((await refusal(approveReimbursement(promoted, r.id, { code: await f.freshCode("investigator@carrier.demo"), version: 1 }))).status).toBe(403);
    await f.setRoles("investigator@carrier.demo", ["investigator"]);
    // An API key never decides.
    const key = { ...(await f.actor(CARRIER_MANAGER)), kind: "service", apiKeyId: "k", keyName: "k", scopes: ["read", "controls"] } as unknown as ServiceActor;
    expect((await refusal(approveReimbursement(key, r.id, { code: "123456", version: 1 }))).status).toBe(403);
    const rows = await db.select().from(reimbursements).where(eq(reimbursements.id, r.id));
    expect(rows[0]!.status).toBe("pending");
    expect(await db.select().from(reimbursementApprovals).where(eq(reimbursementApprovals.reimbursementId, own.id))).toHaveLength(0);
  });

  it("the database refuses an approval row naming the maker, whatever wrote it (trigger)", async () => {
    const r = await proposal(2_000);
    await expect(db.insert(reimbursementApprovals).values({ reimbursementId: r.id, revision: 1, approverId: inv.userId, approverOrgKind: "carrier", decision: "approve" })).rejects.toThrow();
    const manager = await f.actor(CARRIER_MANAGER);
    await db.insert(reimbursementApprovals).values({ reimbursementId: r.id, revision: 1, approverId: manager.userId, approverOrgKind: "carrier", decision: "approve" });
    await expect(db.update(reimbursementApprovals).set({ approverId: inv.userId }).where(eq(reimbursementApprovals.reimbursementId, r.id))).rejects.toThrow();
    // And the reimbursement's own row refuses the maker as its decider.
    await expect(db.update(reimbursements).set({ status: "approved", decidedBy: inv.userId }).where(eq(reimbursements.id, r.id))).rejects.toThrow();
  });

  it("at or above ¥1,000,000 two approvals are needed, one of the carrier and one of the victim's bank; each approver once", async () => {
    const r = await proposal(1_000_000);
    expect(r.approvalsNeeded).toBe(2);
    const carrier = await f.actor(CARRIER_MANAGER);
    const first = await approveReimbursement(carrier, r.id, { code: await f.freshCode(CARRIER_MANAGER), version: 1 });
    expect(first).toMatchObject({ status: "pending", approvals: [{ decision: "approve", current: true }] });
    expect(await refusal(approveReimbursement(carrier, r.id, { code: await f.freshCode(CARRIER_MANAGER), version: 1 }))).toMatchObject({ status: 409, code: "already_approved" });
    expect(await refusal(approveReimbursement(await f.actor(CARRIER_MANAGER2), r.id, { code: await f.freshCode(CARRIER_MANAGER2), version: 1 }))).toMatchObject({ status: 403, code: "needs_bank_approval" });
    // Another bank's manager does not even see it: 404, with a right code or a wrong one (a 422 would tell it exists).
    expect((await refusal(approveReimbursement(await f.actor(OTHER_BANK_MANAGER), r.id, { code: await f.freshCode(OTHER_BANK_MANAGER), version: 1 }))).status).toBe(404);
    expect((await refusal(approveReimbursement(await f.actor(OTHER_BANK_MANAGER), r.id, { code: "000000", version: 1 }))).status).toBe(404);
    expect((await refusal(rejectReimbursement(await f.actor(OTHER_BANK_MANAGER), r.id, { code: "000000", reason: "x" }))).status).toBe(404);
    const bank = await f.actor(BANK_MANAGER);
    const { totals } = await listReimbursements(bank, { queue: "waiting_for_me" });
    expect(totals.waiting_for_me.count).toBeGreaterThanOrEqual(1);
    const done = await approveReimbursement(bank, r.id, { code: await f.freshCode(BANK_MANAGER), version: 1 });
    expect(done.status).toBe("approved");
    expect(done.approvals.filter((a) => a.current && a.decision === "approve").map((a) => a.approver.org).sort()).toEqual(["bank", "carrier"]);
    expect(await db.select().from(auditLog).where(and(eq(auditLog.entityId, r.id), eq(auditLog.action, "reimbursement.approval_recorded")))).toHaveLength(1);
  });

  it("editing voids the approvals given so far; an approval of the old version is refused as stale; only the maker edits and withdraws", async () => {
    const r = await proposal(1_500_000);
    const carrier = await f.actor(CARRIER_MANAGER);
    await approveReimbursement(carrier, r.id, { code: await f.freshCode(CARRIER_MANAGER), version: 1 });
    expect((await refusal(editReimbursement(await f.actor("investigator2@carrier.demo"), r.id, { version: 1, amountYen: 900_000 }))).status).toBe(403);
    const edited = await editReimbursement(inv, r.id, { version: 1, amountYen: 900_000 });
    expect(edited).toMatchObject({ status: "pending", version: 2, approvalsNeeded: 1, approvals: [{ current: false }] });
    expect(await refusal(approveReimbursement(await f.actor(BANK_MANAGER), r.id, { code: await f.freshCode(BANK_MANAGER), version: 1 }))).toMatchObject({ status: 409, fields: { revision: { code: "stale_revision" } } });
    expect(await refusal(editReimbursement(inv, r.id, { version: 1, amountYen: 1 }))).toMatchObject({ status: 409, fields: { revision: { code: "stale_revision" } } });
    // The carrier's manager approves the new version (their earlier approval was of version 1).
    const approved = await approveReimbursement(carrier, r.id, { code: await f.freshCode(CARRIER_MANAGER), version: 2 });
    expect(approved.status).toBe("approved");
    expect(await refusal(editReimbursement(inv, r.id, { version: 2, amountYen: 1 }))).toMatchObject({ status: 409 });
    expect(await refusal(withdrawReimbursement(inv, r.id))).toMatchObject({ status: 409 });
  });

  it("a manager rejects with a reason: the case's timeline says so, nothing is reimbursed, and the maker may propose again", async () => {
    const r = await proposal(3_000);
    expect((await refusal(rejectReimbursement(await f.actor(BANK_MANAGER), r.id, { reason: "" }))).fields).toHaveProperty("reason");
    const rejected = await rejectReimbursement(await f.actor(BANK_MANAGER), r.id, { reason: "Duplicate of the bank's own compensation", version: 1 });
    expect(rejected).toMatchObject({ status: "rejected", decisionNote: "Duplicate of the bank's own compensation", approvals: [{ decision: "reject" }] });
    const [c] = await db.select({ reimbursed: cases.reimbursedYen }).from(cases).where(eq(cases.id, r.caseId));
    expect(c!.reimbursed).toBe(0);
    const again = await proposeReimbursement(inv, { caseId: r.caseId, amountYen: 3_000, reason: "Resubmitted" });
    expect(again.status).toBe("pending");
    const { items } = await listReimbursements(inv, { caseId: r.caseId });
    expect(items.map((i) => i.status)).toEqual(["pending", "rejected"]);
  });

  it("lists in scope with keyset pages and queue totals: a bank's staff see their bank's only, another bank's id is 404", async () => {
    await proposal(4_000, "0108");
    const all = await listReimbursements(await f.actor(CARRIER_MANAGER), { limit: 2 });
    expect(all.items).toHaveLength(2);
    expect(all.nextCursor).not.toBeNull();
    const next = await listReimbursements(await f.actor(CARRIER_MANAGER), { limit: 2, cursor: all.nextCursor! });
    expect(next.items.map((i) => i.id)).not.toContain(all.items[0]!.id);
    const bank = await listReimbursements(await f.actor(BANK_MANAGER), { limit: 200 });
    expect(bank.items.every((i) => i.bank.code === "0101")).toBe(true);
    const other = (await listReimbursements(await f.actor(CARRIER_MANAGER), { bank: "0108" })).items[0]!;
    expect((await refusal(reimbursementDetail(await f.actor(BANK_MANAGER), other.id))).status).toBe(404);
    const approvedQueue = await listReimbursements(await f.actor(CARRIER_MANAGER), { queue: "approved", limit: 200 });
    expect(approvedQueue.items.every((i) => i.status === "approved")).toBe(true);
    expect(approvedQueue.totals.approved.yen).toBe(approvedQueue.items.reduce((s, i) => s + i.amountYen, 0));
  });

  it("the queues' totals follow the day filter: a proposal of another day counts only on that day", async () => {
    const manager = await f.actor(CARRIER_MANAGER);
    const r = await proposal(7_777);
    const today = await proposal(1_234);
    // Proposed on 2020-03-15 (Japan time): no other proposal of this fixture is that old.
    await db.update(reimbursements).set({ requestedAt: new Date("2020-03-15T03:00:00Z") }).where(eq(reimbursements.id, r.id));
    const day = await listReimbursements(manager, { from: "2020-03-15", to: "2020-03-15" });
    expect(day.items.map((i) => i.id)).toEqual([r.id]);
    expect(day.totals.waiting_for_me).toEqual({ count: 1, yen: 7_777 });
    expect(day.totals.approved).toEqual({ count: 0, yen: 0 });
    const before = await listReimbursements(manager, { to: "2020-03-14" });
    expect(before.totals.waiting_for_me).toEqual({ count: 0, yen: 0 });
    const all = await listReimbursements(manager, { limit: 200 });
    expect(all.items.map((i) => i.id)).toEqual(expect.arrayContaining([r.id, today.id]));
    expect(all.totals.waiting_for_me.count).toBeGreaterThanOrEqual(2);
  });

  it("one case's list carries its arithmetic (the case file's form), not for a case out of scope", async () => {
    const r = await proposal(4_321);
    const mine = await listReimbursements(await f.actor(CARRIER_MANAGER), { caseId: r.caseId });
    expect(mine.arithmetic).toEqual({ ...r.arithmetic, pendingYen: 4_321 });
    expect(mine.totals.waiting_for_me).toEqual({ count: 1, yen: 4_321 });
    const other = await listReimbursements(await f.actor(OTHER_BANK_MANAGER), { caseId: r.caseId });
    expect(other.arithmetic).toBeUndefined();
    expect(other.items).toEqual([]);
    expect((await listReimbursements(await f.actor(CARRIER_MANAGER), {})).arithmetic).toBeUndefined();
  });
});

describeEachDb("reimbursements: exactly once under races", (ctx) => {
  let f: ReimbursementFixture;
  let db: Db;
  let inv: StaffActor;

  beforeAll(async () => {
    db = ctx.handle.db as Db;
    f = await reimbursementFixture(db);
    inv = await f.actor("investigator@carrier.demo");
  });

  const settled = (results: PromiseSettledResult<unknown>[]) => ({
    ok: results.filter((r) => r.status === "fulfilled").length,
    refused: results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason as AppError),
  });

  it("two managers approving at once, five rounds: exactly one approval decides, the other gets 409, the case is reimbursed once", async () => {
    const c = await f.confirmedCase("0101", 500_000);
    for (let round = 0; round < 5; round++) {
      const r = await proposeReimbursement(inv, { caseId: c.id, amountYen: 10_000, reason: `round ${round}` });
      const [a, b] = [await f.actor(CARRIER_MANAGER), await f.actor(BANK_MANAGER)];
      const [codeA, codeB] = [await f.freshCode(CARRIER_MANAGER), await f.freshCode(BANK_MANAGER)];
      const { ok, refused } = settled(await Promise.allSettled([approveReimbursement(a, r.id, { code: codeA, version: 1 }), approveReimbursement(b, r.id, { code: codeB, version: 1 })]));
      expect(ok).toBe(1);
      expect(refused.map((e) => e.status)).toEqual([409]);
      expect(await db.select().from(reimbursementApprovals).where(eq(reimbursementApprovals.reimbursementId, r.id))).toHaveLength(1);
    }
    const [row] = await db.select({ reimbursed: cases.reimbursedYen }).from(cases).where(eq(cases.id, c.id));
    expect(row!.reimbursed).toBe(50_000);
  });

  it("a double submit (the same manager twice, the same code): one approval, the other refused", async () => {
    const c = await f.confirmedCase("0101", 50_000);
    const r = await proposeReimbursement(inv, { caseId: c.id, amountYen: 10_000, reason: "double" });
    const m = await f.actor(CARRIER_MANAGER);
    const code = await f.freshCode(CARRIER_MANAGER);
    const { ok, refused } = settled(await Promise.allSettled([approveReimbursement(m, r.id, { code, version: 1 }), approveReimbursement(m, r.id, { code, version: 1 })]));
    expect(ok).toBe(1);
    expect(refused).toHaveLength(1);
    expect([409, 422]).toContain(refused[0]!.status);
    expect(await db.select().from(reimbursementApprovals).where(eq(reimbursementApprovals.reimbursementId, r.id))).toHaveLength(1);
  });

  it("edit against approve at the same moment, five rounds: exactly one of them happens", async () => {
    const c = await f.confirmedCase("0101", 500_000);
    for (let round = 0; round < 5; round++) {
      const r = await proposeReimbursement(inv, { caseId: c.id, amountYen: 10_000, reason: `race ${round}` });
      const m = await f.actor(CARRIER_MANAGER);
      const code = await f.freshCode(CARRIER_MANAGER);
      const { ok, refused } = settled(await Promise.allSettled([approveReimbursement(m, r.id, { code, version: 1 }), editReimbursement(inv, r.id, { version: 1, amountYen: 9_000 })]));
      expect(ok).toBe(1);
      expect(refused.map((e) => e.status)).toEqual([409]);
      const [row] = await db.select().from(reimbursements).where(eq(reimbursements.id, r.id));
      if (row!.status === "approved") expect(row!.revision).toBe(1);
      else {
        expect(row).toMatchObject({ status: "pending", revision: 2, amountYen: 9_000 });
        await withdrawReimbursement(inv, r.id);
      }
    }
  });
});
