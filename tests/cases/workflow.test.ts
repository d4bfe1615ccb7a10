import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { auditLog, caseEvents, cases, incidents, transactions, users } from "@/db/schema";
import type { StaffActor } from "@/lib/auth/actor";
import { CASE_STATUSES, canTransition } from "@/lib/cases/constants";
import { openOrAddToCase } from "@/lib/cases/open";
import {
  addNote,
  assignCase,
  attachIncident,
  changeSeverity,
  changeStatus,
  markTransaction,
  refusalOf,
  snoozeCase,
} from "@/lib/cases/workflow";
import { AppError, Forbidden, NotFound, StaleVersion } from "@/lib/errors";
import { buildFixture, NOW, RING_WALLET, type Fixture, type FixtureLink } from "../accounts/support";
import { describeEachDb } from "../support/db";

/** What a refused call answers: its machine code (and params), as the bulk actions report it. */
async function refusal(p: Promise<unknown>) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!e) throw new Error("expected a refusal, the call succeeded");
  const r = refusalOf(e);
  if (!r) throw e as Error;
  return r;
}

describeEachDb("cases: the workflow of one case", (ctx) => {
  let fx: Fixture;
  let db: Db;
  let inv: StaffActor;
  let inv2: StaffActor;
  let bankInv: StaffActor;
  let otherBankInv: StaffActor;
  let operator: StaffActor;
  let auditor: StaffActor;
  let spare: FixtureLink[];

  /** A new open case on a link of bank 0101 nobody has used yet. */
  async function newCase(link?: FixtureLink) {
    const l = link ?? spare.shift()!;
    return db.transaction((tx) => openOrAddToCase(tx, inv, { link: { id: l.id, bankId: fx.orgIds.get(l.bankCode)! }, source: "manual", severity: "medium", at: NOW }));
  }
  async function version(caseId: string): Promise<number> {
    const [r] = await db.select({ v: cases.version }).from(cases).where(eq(cases.id, caseId));
    return r!.v;
  }
  async function txOf(linkId: string) {
    return db.select({ id: transactions.id, amountYen: transactions.amountYen }).from(transactions).where(eq(transactions.linkedAccountId, linkId));
  }
  async function addCharge(link: FixtureLink, yen: number) {
    const [t] = await db
      .insert(transactions)
      .values({ kind: "charge", walletId: link.walletId, linkedAccountId: link.id, bankId: fx.orgIds.get(link.bankCode)!, amountYen: yen, occurredAt: new Date(NOW.getTime() - 3_600_000) })
      .returning({ id: transactions.id });
    return t!.id;
  }

  beforeAll(async () => {
    db = ctx.handle.db as Db;
    fx = await buildFixture(db);
    inv = await fx.actor("investigator@carrier.demo");
    inv2 = await fx.actor("investigator2@carrier.demo");
    bankInv = await fx.actor("investigator@bank0101.demo");
    otherBankInv = await fx.actor("investigator@bank0108.demo");
    operator = await fx.actor("operator@bank0101.demo");
    auditor = await fx.actor("auditor@carrier.demo");
    spare = fx.byBank("0101").filter((l) => l.openCases === 0 && l.walletId !== RING_WALLET && l.status === "active");
  });

  it("every transition of the status table passes or is refused exactly as TRANSITIONS says (all 16 pairs), illegal ones with illegal_transition naming from and to", async () => {
    const c = await newCase();
    const results: string[] = [];
    for (const from of CASE_STATUSES) {
      for (const to of CASE_STATUSES) {
        await db
          .update(cases)
          .set({ status: from, outcome: from === "closed" ? "not_fraud" : null, closedAt: from === "closed" ? NOW : null })
          .where(eq(cases.id, c.id));
        const input = { status: to, version: await version(c.id), ...(to === "closed" ? { outcome: "not_fraud" as const } : {}), ...(from === "closed" ? { reason: "New evidence arrived" } : {}) };
        if (canTransition(from, to)) {
          const r = await changeStatus(inv, c.reference, input);
          expect(r.status).toBe(to);
          results.push(`${from}->${to}:ok`);
        } else {
          const r = await refusal(changeStatus(inv, c.reference, input));
          expect(r).toEqual({ status: 409, code: "illegal_transition", params: { from, to } });
          results.push(`${from}->${to}:refused`);
        }
      }
    }
    // Refused: staying put (4), skipping forward or back more than one step, leaving closed except to investigating.
    expect(results.filter((r) => r.endsWith("refused")).sort()).toEqual(
      ["new->new", "triage->triage", "investigating->investigating", "closed->closed", "investigating->new", "closed->new", "closed->triage"].map((p) => `${p}:refused`).sort(),
    );
  });

  it("closing needs an outcome, an outcome is only for closing, and each refusal writes nothing", async () => {
    const c = await newCase();
    const v = await version(c.id);
    expect(await refusal(changeStatus(inv, c.id, { status: "closed", version: v }))).toMatchObject({ status: 422, code: "outcome_required" });
    expect(await refusal(changeStatus(inv, c.id, { status: "triage", outcome: "not_fraud", version: v }))).toMatchObject({ status: 422, code: "outcome_not_closing" });
    expect(await version(c.id)).toBe(v);
  });

  it("closing as confirmed fraud without a transaction marked fraudulent is refused; once one is marked it closes and the confirmed loss is the loss", async () => {
    const link = spare.shift()!;
    const c = await newCase(link);
    const t1 = await addCharge(link, 30_000);
    expect(await refusal(changeStatus(inv, c.id, { status: "closed", outcome: "confirmed_fraud", version: await version(c.id) }))).toMatchObject({ status: 409, code: "no_fraudulent_transactions" });
    // Marked, then marked not fraudulent: still none fraudulent.
    await markTransaction(inv, c.id, { transactionId: t1, fraudulent: true, version: await version(c.id) });
    await markTransaction(inv, c.id, { transactionId: t1, fraudulent: false, version: await version(c.id) });
    expect(await refusal(changeStatus(inv, c.id, { status: "closed", outcome: "confirmed_fraud", version: await version(c.id) }))).toMatchObject({ code: "no_fraudulent_transactions" });
    await markTransaction(inv, c.id, { transactionId: t1, fraudulent: true, version: await version(c.id) });
    const closed = await changeStatus(inv, c.id, { status: "closed", outcome: "confirmed_fraud", version: await version(c.id) });
    expect(closed).toMatchObject({ status: "closed", outcome: "confirmed_fraud", lossYen: 30_000, confirmedLossYen: 30_000 });
    expect(closed.closedAt).not.toBeNull();
    const kinds = (await db.select({ kind: caseEvents.kind, body: caseEvents.body }).from(caseEvents).where(eq(caseEvents.caseId, c.id))).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(["status_changed", "outcome_set", "transaction_marked"]));
  });

  it("reopening a closed case needs a reason; it goes back to investigating and clears the outcome and the closing time", async () => {
    const c = await newCase();
    await changeStatus(inv, c.id, { status: "closed", outcome: "inconclusive", version: await version(c.id) });
    expect(await refusal(changeStatus(inv, c.id, { status: "investigating", version: await version(c.id) }))).toMatchObject({ status: 422, code: "reopen_reason_required" });
    expect(await refusal(changeStatus(inv, c.id, { status: "investigating", reason: "  ", version: await version(c.id) }))).toMatchObject({ code: "reopen_reason_required" });
    const reopened = await changeStatus(inv, c.id, { status: "investigating", reason: "The victim called again", version: await version(c.id) });
    expect(reopened).toMatchObject({ status: "investigating", outcome: null, closedAt: null });
    const [ev] = await db.select({ body: caseEvents.body }).from(caseEvents).where(and(eq(caseEvents.caseId, c.id), eq(caseEvents.kind, "reopened")));
    expect(ev!.body).toMatchObject({ from: "closed", to: "investigating", outcome: "inconclusive", reason: "The victim called again" });
    const [audit] = await db.select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.entityId, c.id), eq(auditLog.action, "case.reopened")));
    expect(audit).toBeDefined();
  });

  it("a closed case is not reopened while another case of its link is open: 409 another_case_open naming that case, nothing written", async () => {
    const link = spare.shift()!;
    const first = await newCase(link);
    await changeStatus(inv, first.id, { status: "closed", outcome: "inconclusive", version: await version(first.id) });
    const second = await newCase(link);
    expect(second.id).not.toBe(first.id);
    const v = await version(first.id);
    const refused = await refusal(changeStatus(inv, first.id, { status: "investigating", reason: "The victim called again", version: v }));
    expect(refused).toMatchObject({ status: 409, code: "another_case_open", params: { reference: second.reference } });
    const [row] = await db.select({ status: cases.status, version: cases.version }).from(cases).where(eq(cases.id, first.id));
    expect(row).toEqual({ status: "closed", version: v });
    const reopenedEvents = await db.select().from(caseEvents).where(and(eq(caseEvents.caseId, first.id), eq(caseEvents.kind, "reopened")));
    expect(reopenedEvents).toHaveLength(0);
  });

  it("marks change the loss: it is the sum of the transactions marked fraudulent, of the link and of the wallet's other links; marks on a closed case are refused", async () => {
    // The ring wallet: links at 0101 and 0108.
    const ringA = fx.links.find((l) => l.walletId === RING_WALLET && l.bankCode === "0101")!;
    const ringB = fx.links.find((l) => l.walletId === RING_WALLET && l.bankCode === "0108")!;
    const otherB = await addCharge(ringB, 45_000);
    const c = await newCase(ringA);
    const [own] = await txOf(ringA.id);
    let r = await markTransaction(inv, c.reference, { transactionId: own!.id, fraudulent: true, version: await version(c.id) });
    expect(r.lossYen).toBe(own!.amountYen);
    // The carrier's investigator sees the wallet's link at 0108 too.
    r = await markTransaction(inv, c.reference, { transactionId: otherB, fraudulent: true, version: await version(c.id) });
    expect(r.lossYen).toBe(own!.amountYen + 45_000);
    // Bank 0101's investigator may not mark bank 0108's transaction: not found.
    await expect(markTransaction(bankInv, c.reference, { transactionId: otherB, fraudulent: false, version: await version(c.id) })).rejects.toBeInstanceOf(NotFound);
    // A transaction of another wallet is not the case's.
    const stranger = (await txOf(fx.byBank("0101")[0]!.id))[0]!;
    await expect(markTransaction(inv, c.reference, { transactionId: stranger.id, fraudulent: true, version: await version(c.id) })).rejects.toBeInstanceOf(NotFound);
    expect(await refusal(markTransaction(inv, c.reference, { transactionId: otherB, fraudulent: true, version: await version(c.id) }))).toMatchObject({ status: 409, code: "unchanged" });
    r = await markTransaction(inv, c.reference, { transactionId: own!.id, fraudulent: false, version: await version(c.id) });
    expect(r.lossYen).toBe(45_000);
    await changeStatus(inv, c.id, { status: "closed", outcome: "confirmed_fraud", version: await version(c.id) });
    expect(await refusal(markTransaction(inv, c.reference, { transactionId: own!.id, fraudulent: true, version: await version(c.id) }))).toMatchObject({ status: 409, code: "case_closed" });
  });

  it("assignment: only to an active investigator who may see the case's bank; someone else's case needs a reason; the same assignee is unchanged", async () => {
    const c = await newCase();
    const [bank8inv] = await db.select({ id: users.id }).from(users).where(eq(users.email, "investigator@bank0108.demo"));
    const [manager] = await db.select({ id: users.id }).from(users).where(eq(users.email, "manager@carrier.demo"));
    expect(await refusal(assignCase(inv, c.id, { assigneeId: bank8inv!.id, version: await version(c.id) }))).toMatchObject({ status: 422, code: "assignee_not_eligible" });
    expect(await refusal(assignCase(inv, c.id, { assigneeId: manager!.id, version: await version(c.id) }))).toMatchObject({ code: "assignee_not_eligible" });
    let r = await assignCase(inv, c.id, { assigneeId: inv2.userId, version: await version(c.id) });
    expect(r.assigneeId).toBe(inv2.userId);
    expect(await refusal(assignCase(inv, c.id, { assigneeId: inv2.userId, version: await version(c.id) }))).toMatchObject({ code: "unchanged" });
    // inv2's case: inv takes it only with a reason.
    expect(await refusal(assignCase(inv, c.id, { assigneeId: inv.userId, version: await version(c.id) }))).toMatchObject({ status: 422, code: "reassign_reason_required" });
    r = await assignCase(inv, c.id, { assigneeId: inv.userId, reason: "Covering while they are away", version: await version(c.id) });
    expect(r.assigneeId).toBe(inv.userId);
    // One's own case: no reason needed; a bank's own investigator may be given its bank's case.
    r = await assignCase(inv, c.id, { assigneeId: bankInv.userId, version: await version(c.id) });
    expect(r.assigneeId).toBe(bankInv.userId);
    r = await assignCase(bankInv, c.id, { assigneeId: null, version: await version(c.id) });
    expect(r.assigneeId).toBeNull();
    const [disabled] = await db.update(users).set({ status: "disabled" }).where(eq(users.email, "newcomer@carrier.demo")).returning({ id: users.id });
    expect(await refusal(assignCase(inv, c.id, { assigneeId: disabled!.id, version: await version(c.id) }))).toMatchObject({ code: "assignee_not_eligible" });
  });

  it("severity recomputes the due date from the SLA (opened + hours of the new severity)", async () => {
    const c = await newCase();
    const r = await changeSeverity(inv, c.id, { severity: "critical", version: await version(c.id) });
    expect(r.severity).toBe("critical");
    expect(new Date(r.dueAt).getTime()).toBe(NOW.getTime() + 24 * 3_600_000);
    const low = await changeSeverity(inv, c.id, { severity: "low", version: await version(c.id) });
    expect(new Date(low.dueAt).getTime()).toBe(NOW.getTime() + 240 * 3_600_000);
    expect(await refusal(changeSeverity(inv, c.id, { severity: "low", version: await version(c.id) }))).toMatchObject({ code: "unchanged" });
  });

  it("snooze: only into the future and at most 90 days; un-snooze; a note wakes a snoozed case", async () => {
    const c = await newCase();
    const now = Date.now();
    expect(await refusal(snoozeCase(inv, c.id, { until: new Date(now - 60_000).toISOString(), version: await version(c.id) }))).toMatchObject({ status: 422, code: "snooze_past" });
    expect(await refusal(snoozeCase(inv, c.id, { until: new Date(now + 91 * 86_400_000).toISOString(), version: await version(c.id) }))).toMatchObject({ code: "snooze_too_far" });
    expect(await refusal(snoozeCase(inv, c.id, { until: null, version: await version(c.id) }))).toMatchObject({ status: 409, code: "not_snoozed" });
    const until = new Date(now + 2 * 86_400_000).toISOString();
    expect((await snoozeCase(inv, c.id, { until, version: await version(c.id) })).snoozedUntil).toBe(until);
    expect((await snoozeCase(inv, c.id, { until: null, version: await version(c.id) })).snoozedUntil).toBeNull();
    await snoozeCase(inv, c.id, { until, version: await version(c.id) });
    expect((await addNote(operator, c.id, { text: "The customer phoned the branch.", version: await version(c.id) })).snoozedUntil).toBeNull();
  });

  it("incident: attach by reference, refuse an unknown one, detach", async () => {
    const c = await newCase();
    const [inc] = await db.insert(incidents).values({ reference: "INC-2026-777", title: "Test campaign", startedAt: NOW }).returning({ id: incidents.id });
    const r = await attachIncident(inv, c.id, { incidentId: "inc-2026-777", version: await version(c.id) });
    expect(r.incidentId).toBe(inc!.id);
    expect(await refusal(attachIncident(inv, c.id, { incidentId: "INC-1999-000", version: await version(c.id) }))).toMatchObject({ status: 422, code: "unknown_incident" });
    expect(await refusal(attachIncident(inv, c.id, { incidentId: inc!.id, version: await version(c.id) }))).toMatchObject({ code: "unchanged" });
    expect((await attachIncident(inv, c.id, { incidentId: null, version: await version(c.id) })).incidentId).toBeNull();
  });

  it("a bank operator may add a note but not change the status or anything else; an auditor may do neither", async () => {
    const c = await newCase();
    const v = await version(c.id);
    const r = await addNote(operator, c.id, { text: "**Customer** confirmed they never linked this account.", version: v });
    expect(r.version).toBe(v + 1);
    await expect(changeStatus(operator, c.id, { status: "triage", version: r.version })).rejects.toBeInstanceOf(Forbidden);
    await expect(assignCase(operator, c.id, { assigneeId: null, version: r.version })).rejects.toBeInstanceOf(Forbidden);
    await expect(addNote(auditor, c.id, { text: "x", version: r.version })).rejects.toBeInstanceOf(Forbidden);
    expect(await version(c.id)).toBe(v + 1);
    const [note] = await db.select({ body: caseEvents.body, actorId: caseEvents.actorId }).from(caseEvents).where(and(eq(caseEvents.caseId, c.id), eq(caseEvents.kind, "note")));
    expect(note).toMatchObject({ body: { text: "**Customer** confirmed they never linked this account." }, actorId: operator.userId });
  });

  describe("another bank's case", () => {
    it("is not found for every operation, by id and by reference, and nothing is written", async () => {
      const c = await newCase();
      const v = await version(c.id);
      const [t] = await txOf(fx.byBank("0101")[0]!.id);
      const ops: ((key: string) => Promise<unknown>)[] = [
        (k) => changeStatus(otherBankInv, k, { status: "triage", version: v }),
        (k) => assignCase(otherBankInv, k, { assigneeId: otherBankInv.userId, version: v }),
        (k) => changeSeverity(otherBankInv, k, { severity: "high", version: v }),
        (k) => snoozeCase(otherBankInv, k, { until: new Date(Date.now() + 86_400_000).toISOString(), version: v }),
        (k) => attachIncident(otherBankInv, k, { incidentId: null, version: v }),
        (k) => addNote(otherBankInv, k, { text: "hello", version: v }),
        (k) => markTransaction(otherBankInv, k, { transactionId: t!.id, fraudulent: true, version: v }),
      ];
      for (const op of ops) {
        for (const key of [c.id, c.reference]) await expect(op(key)).rejects.toBeInstanceOf(NotFound);
      }
      expect(await version(c.id)).toBe(v);
    });
  });

  it("a write on an older version is refused with 409 stale_version, what changed since (who, what, from → to) and the case as it is; the same write on the new version passes", async () => {
    const c = await newCase();
    const read = await version(c.id);
    await changeSeverity(inv2, c.id, { severity: "high", version: read });
    const e = await changeStatus(inv, c.id, { status: "triage", version: read }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(StaleVersion);
    const stale = e as AppError;
    expect(stale.status).toBe(409);
    expect(stale.extensions).toMatchObject({
      current: { version: read + 1, severity: "high", status: "new" },
      changes: [{ kind: "severity_changed", actorId: inv2.userId, version: read + 1, body: { from: "medium", to: "high" } }],
    });
    expect(refusalOf(e)).toMatchObject({ status: 409, code: "stale_version" });
    // Stale first: even a write that would be refused for another reason is told what changed.
    expect(await refusal(changeSeverity(inv, c.id, { severity: "high", version: read }))).toMatchObject({ code: "stale_version" });
    const again = await changeStatus(inv, c.id, { status: "triage", version: read + 1 });
    expect(again).toMatchObject({ status: "triage", severity: "high", version: read + 2 });
    const statusEvents = await db.select({ n: sql<number>`count(*)::int` }).from(caseEvents).where(and(eq(caseEvents.caseId, c.id), eq(caseEvents.kind, "status_changed")));
    expect(Number(statusEvents[0]!.n)).toBe(1);
  });
});
