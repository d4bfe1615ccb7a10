import crypto from "node:crypto";
import { and, eq, ne, sql } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, expect, it } from "vitest";
import type { Db } from "@/db";
import { cases, caseTransactions, detectionRules, linkedAccounts, reimbursements, transactions } from "@/db/schema";
import type { ServiceActor, StaffActor } from "@/lib/auth/actor";
import { compareRollups } from "@/lib/analytics/raw";
import { openOrAddToCase } from "@/lib/cases/open";
import { changeStatus, markTransaction, refusalOf } from "@/lib/cases/workflow";
import { ingestEvents } from "@/lib/events/ingest";
import { buildFixture, NOW, type Fixture } from "../accounts/support";
import { makeKey } from "../decisions/support";
import { describeEachDb } from "../support/db";

const BANKS = ["0101", "0108", "0115"] as const;
const DAY = 86_400_000;

/** A payee as a reimbursement row needs one (the rows here stand for what the reimbursements area writes). */
const TEST_PAYEE = { payeeBankCode: "0101", payeeBranchCode: "001", payeeAccountType: "ordinary", payeeAccountLast4: "0000", payeeNameKana: "ﾃｽﾄ" } as const;

/** One step of a random history: what the wallet platform sends, what investigators and the reimbursements area do, what the decision API counts. */
type Step =
  | { kind: "events"; bank: number; links: { verification: "pin_only" | "otp" | "identity_document"; at: number; charges: number[]; payments: { yen: number; category: "convenience_store" | "home_appliances" | "online" | "other"; at: number }[] }[] }
  | { kind: "open"; pick: number; at: number }
  | { kind: "confirm"; pick: number; at: number; marks: number }
  | { kind: "mark"; pick: number; tx: number; fraudulent: boolean }
  | { kind: "close"; pick: number; outcome: "confirmed_fraud" | "not_fraud" | "inconclusive" }
  | { kind: "reopen"; pick: number }
  | { kind: "reimburse"; pick: number; share: number }
  | { kind: "refuse"; pick: number }
  | { kind: "decisions"; bank: number; operation: "link" | "charge"; outcome: "allow" | "deny"; minute: number; count: number }
  | { kind: "removeDecisions"; minute: number };

const hours = fc.integer({ min: -20 * 24, max: 0 });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant("events" as const),
    bank: fc.nat(2),
    links: fc.array(
      fc.record({
        verification: fc.constantFrom("pin_only" as const, "otp" as const, "identity_document" as const),
        at: hours,
        charges: fc.array(fc.integer({ min: 1, max: 500 }).map((k) => k * 1000), { maxLength: 3 }),
        payments: fc.array(
          fc.record({ yen: fc.integer({ min: 1, max: 300 }).map((k) => k * 100), category: fc.constantFrom("convenience_store" as const, "home_appliances" as const, "online" as const, "other" as const), at: fc.integer({ min: 1, max: 30 }) }),
          { maxLength: 3 },
        ),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  }),
  fc.record({ kind: fc.constant("open" as const), pick: fc.nat(), at: hours }),
  fc.record({ kind: fc.constant("confirm" as const), pick: fc.nat(), at: hours, marks: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant("mark" as const), pick: fc.nat(), tx: fc.nat(), fraudulent: fc.boolean() }),
  fc.record({ kind: fc.constant("mark" as const), pick: fc.nat(), tx: fc.nat(), fraudulent: fc.constant(true) }),
  fc.record({ kind: fc.constant("close" as const), pick: fc.nat(), outcome: fc.constantFrom("confirmed_fraud" as const, "confirmed_fraud" as const, "not_fraud" as const, "inconclusive" as const) }),
  fc.record({ kind: fc.constant("reopen" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("reimburse" as const), pick: fc.nat(), share: fc.double({ min: 0.1, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant("refuse" as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant("decisions" as const),
    bank: fc.nat(2),
    operation: fc.constantFrom("link" as const, "charge" as const),
    outcome: fc.constantFrom("allow" as const, "deny" as const),
    minute: fc.integer({ min: 0, max: 3 * 24 * 60 }),
    count: fc.integer({ min: 1, max: 50 }),
  }),
  fc.record({ kind: fc.constant("removeDecisions" as const), minute: fc.integer({ min: 0, max: 3 * 24 * 60 }) }),
);

describeEachDb("analytics rollups", (ctx) => {
  let db: Db;
  let fx: Fixture;
  let inv: StaffActor;
  let manager: StaffActor;
  let events: ServiceActor;
  let seq = 0;

  beforeAll(async () => {
    db = ctx.handle.db as Db;
    fx = await buildFixture(db);
    inv = await fx.actor("investigator@carrier.demo");
    manager = await fx.actor("manager@carrier.demo");
    events = (await makeKey(db, ["events"])).actor;
    await db.update(detectionRules).set({ mode: "off" });
  });

  const pickOf = async <T>(rows: T[], n: number): Promise<T | undefined> => rows[n % Math.max(rows.length, 1)];

  async function run(s: Step): Promise<void> {
    switch (s.kind) {
      case "events": {
        const batch: unknown[] = [];
        for (const l of s.links) {
          const n = ++seq;
          const walletId = `wlt_prop${n}x${crypto.randomBytes(3).toString("hex")}`;
          const linkedAt = new Date(NOW.getTime() + l.at * 3_600_000);
          const account = String(3_000_000 + n);
          batch.push({ eventId: `ev-${walletId}-l`, type: "link_created", walletId, email: `p${n}@prop.example`, bankCode: BANKS[s.bank], branchCode: "201", accountType: "ordinary", accountNumber: account, holderNameKana: "ﾀﾅｶ ﾊﾅｺ", verification: l.verification, linkedAt: linkedAt.toISOString() });
          l.charges.forEach((yen, i) =>
            batch.push({ eventId: `ev-${walletId}-c${i}`, type: "charge", walletId, bankCode: BANKS[s.bank], branchCode: "201", accountNumber: account, amountYen: yen, occurredAt: new Date(linkedAt.getTime() + (i + 1) * 60_000).toISOString() }),
          );
          l.payments.forEach((p, i) =>
            batch.push({ eventId: `ev-${walletId}-p${i}`, type: "payment", walletId, amountYen: p.yen, merchantName: "Shop", merchantCategory: p.category, occurredAt: new Date(linkedAt.getTime() + p.at * 3_600_000).toISOString() }),
          );
        }
        await ingestEvents(events, batch);
        return;
      }
      case "open": {
        const links = await db.select({ id: linkedAccounts.id, bankId: linkedAccounts.bankId }).from(linkedAccounts).orderBy(linkedAccounts.id);
        const link = await pickOf(links, s.pick);
        if (!link) return;
        await db.transaction((tx) => openOrAddToCase(tx, inv, { link, source: "manual", severity: "medium", at: new Date(NOW.getTime() + s.at * 3_600_000) }));
        return;
      }
      case "confirm": {
        // A case's whole story: opened on a link with money movements, some marked fraudulent, closed as confirmed fraud.
        const links = await db
          .select({ id: linkedAccounts.id, bankId: linkedAccounts.bankId })
          .from(linkedAccounts)
          .where(sql`exists (select 1 from transactions t where t.linked_account_id = ${linkedAccounts.id}) and not exists (select 1 from cases c where c.linked_account_id = ${linkedAccounts.id} and c.status <> 'closed')`)
          .orderBy(linkedAccounts.id);
        const link = await pickOf(links, s.pick);
        if (!link) return;
        const opened = await db.transaction((tx) => openOrAddToCase(tx, inv, { link, source: "manual", severity: "high", at: new Date(NOW.getTime() + s.at * 3_600_000) }));
        const txs = await db.select({ id: transactions.id }).from(transactions).where(eq(transactions.linkedAccountId, link.id)).orderBy(transactions.id);
        for (const t of txs.slice(0, s.marks)) await markTransaction(inv, opened.id, { transactionId: t.id, fraudulent: true });
        await changeStatus(inv, opened.id, { status: "closed", outcome: "confirmed_fraud" });
        return;
      }
      case "mark": {
        const open = await db
          .select({ id: cases.id, link: cases.linkedAccountId })
          .from(cases)
          .where(and(ne(cases.status, "closed"), sql`exists (select 1 from transactions t where t.linked_account_id = ${cases.linkedAccountId})`))
          .orderBy(cases.id);
        const c = await pickOf(open, s.pick);
        if (!c) return;
        const txs = await db.select({ id: transactions.id }).from(transactions).where(eq(transactions.linkedAccountId, c.link)).orderBy(transactions.id);
        const t = await pickOf(txs, s.tx);
        if (!t) return;
        await markTransaction(inv, c.id, { transactionId: t.id, fraudulent: s.fraudulent }).catch(expectRefusal);
        return;
      }
      case "close": {
        const open = await db.select({ id: cases.id }).from(cases).where(ne(cases.status, "closed")).orderBy(cases.id);
        const c = await pickOf(open, s.pick);
        if (c) await changeStatus(inv, c.id, { status: "closed", outcome: s.outcome }).catch(expectRefusal);
        return;
      }
      case "reopen": {
        // Only where the link has no other open case (a second open case on a link is refused by its unique index).
        const closed = await db
          .select({ id: cases.id })
          .from(cases)
          .where(and(eq(cases.status, "closed"), eq(cases.reimbursedYen, 0), sql`not exists (select 1 from cases o where o.linked_account_id = ${cases.linkedAccountId} and o.status <> 'closed')`))
          .orderBy(cases.id);
        const c = await pickOf(closed, s.pick);
        if (c) await changeStatus(inv, c.id, { status: "investigating", reason: "New evidence came in for the test" }).catch(expectRefusal);
        return;
      }
      case "reimburse": {
        // The reimbursements area's seam: it keeps cases.reimbursed_yen and its own rows.
        const confirmed = await db.select({ id: cases.id, bankId: cases.bankId, loss: cases.confirmedLossYen }).from(cases).where(eq(cases.outcome, "confirmed_fraud")).orderBy(cases.id);
        const c = await pickOf(confirmed, s.pick);
        if (!c || c.loss === 0) return;
        const yen = Math.max(1, Math.floor(c.loss * s.share));
        await db.transaction(async (tx) => {
          await tx.insert(reimbursements).values({ caseId: c.id, bankId: c.bankId, amountYen: yen, status: "paid", reason: "Paid back", requestedBy: inv.userId, ...TEST_PAYEE, decidedBy: manager.userId, decidedAt: NOW, paidAt: NOW });
          await tx.update(cases).set({ reimbursedYen: sql`least(${cases.confirmedLossYen}, ${cases.reimbursedYen} + ${yen})` }).where(eq(cases.id, c.id));
        });
        return;
      }
      case "refuse": {
        const confirmed = await db.select({ id: cases.id, bankId: cases.bankId }).from(cases).where(and(eq(cases.outcome, "confirmed_fraud"), eq(cases.reimbursedYen, 0))).orderBy(cases.id);
        const c = await pickOf(confirmed, s.pick);
        if (!c) return;
        await db.insert(reimbursements).values({ caseId: c.id, bankId: c.bankId, amountYen: 1000, status: "rejected", reason: "Refused", requestedBy: inv.userId, ...TEST_PAYEE, decidedBy: manager.userId, decidedAt: NOW });
        return;
      }
      case "decisions": {
        const bucket = new Date(NOW.getTime() - 2 * DAY + s.minute * 60_000);
        await db.execute(sql`
          insert into decision_counters (bank_id, operation, outcome, bucket_start, count)
          values (${fx.orgIds.get(BANKS[s.bank]!)!}, ${s.operation}, ${s.outcome}, ${bucket.toISOString()}, ${s.count})
          on conflict (bank_id, operation, outcome, bucket_start) do update set count = decision_counters.count + excluded.count`);
        return;
      }
      case "removeDecisions": {
        await db.execute(sql`delete from decision_counters where bucket_start >= ${new Date(NOW.getTime() - 2 * DAY + s.minute * 60_000).toISOString()}`);
        return;
      }
    }
  }

  function expectRefusal(e: unknown): void {
    if (!refusalOf(e)) throw e;
  }

  async function expectRollupsEqualRaw(): Promise<void> {
    for (const c of await compareRollups(db)) {
      expect(Object.fromEntries([...c.rollup].sort()), c.name).toEqual(Object.fromEntries([...c.raw].sort()));
    }
  }

  it("the fixture's links and cases are counted when written (the triggers, not a rebuild)", async () => {
    await expectRollupsEqualRaw();
    const [n] = await db.select({ n: sql<number>`count(*)::int` }).from(caseTransactions);
    expect(n).toBeDefined();
  });

  it("after any sequence of events, case openings, marks, closings, reopenings, reimbursements, refusals and decision counts, every rollup equals the raw totals", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 14 }), async (steps) => {
        for (const s of steps) await run(s);
        await expectRollupsEqualRaw();
      }),
      { numRuns: ctx.kind === "pglite" ? 25 : 15, endOnFailure: true },
    );
    // The history did reach the interesting states.
    const [r] = await db.execute<{ confirmed: number; reimbursed: number; refused: number }>(sql`select
      (select count(*)::int from cases where outcome = 'confirmed_fraud') as confirmed,
      (select count(*)::int from cases where reimbursed_yen > 0) as reimbursed,
      (select count(*)::int from reimbursements where status = 'rejected') as refused`).then((x) => (x as unknown as { rows: { confirmed: number; reimbursed: number; refused: number }[] }).rows);
    expect(r!.confirmed).toBeGreaterThan(0);
    expect(r!.reimbursed + r!.refused).toBeGreaterThan(0);
  }, 300_000);
});
