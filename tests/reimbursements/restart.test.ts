import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, setDatabase, type DatabaseHandle, type Db } from "@/db";
import { auditLog, cases, payoutBatches, payoutLines, reimbursementApprovals, reimbursements } from "@/db/schema";
import { createPayoutBatch } from "@/lib/reimbursements/payouts";
import { approveReimbursement, proposeReimbursement } from "@/lib/reimbursements/service";
import { FaultProxy, type FaultMode } from "../support/fault-proxy";
import { freshDatabase, POSTGRES_URL } from "../support/db";
import { reimbursementFixture, type ReimbursementFixture } from "./support";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * §6: the database goes away in the middle of a run of approvals and payout batches (a TCP proxy
 * of the test's own drops every connection, mid-statement or mid-commit, and refuses new ones for a
 * while, as a restart does). Whatever each request answered, what is stored is whole: no approval
 * without its audit entry, no approved reimbursement short of its approvals, no payout line without
 * its approvals and its batch's audit entry, each case's reimbursed amount equal to what it paid.
 */
if (POSTGRES_URL) {
  describe("reimbursements while the database restarts [postgres]", () => {
    let direct: DatabaseHandle & { url?: string };
    let proxied: DatabaseHandle;
    let proxy: FaultProxy;
    let f: ReimbursementFixture;
    let db: Db;

    beforeAll(async () => {
      direct = await freshDatabase("postgres");
      db = direct.db as Db;
      f = await reimbursementFixture(db);
      const url = new URL(direct.url!);
      proxy = new FaultProxy({ host: url.hostname, port: Number(url.port || 5432) });
      await proxy.listen();
      // The code under test reaches the database only through the proxy; the test reads it directly.
      proxied = await openDatabase({ url: proxy.url(direct.url!), poolSize: 10 });
      setDatabase(proxied);
    }, 90_000);

    afterAll(async () => {
      setDatabase(undefined);
      await proxied?.close().catch(() => undefined);
      await proxy?.close();
      await direct?.close();
    });

    it("approvals and payout batches cut off by a database restart leave no approval without its audit entry, no payout without its approvals, and each case reimbursed exactly what was approved", async () => {
      const inv = await f.actor("investigator@carrier.demo");
      const managers = { carrier: await f.actor("manager@carrier.demo"), bank: await f.actor("manager@bank0101.demo") };
      const emails = { carrier: "manager@carrier.demo", bank: "manager@bank0101.demo" } as const;
      type Item = { id: string; caseId: string; amountYen: number; quorum: 1 | 2; number: string };
      const items: Item[] = [];
      for (let i = 0; i < 16; i++) {
        const quorum = i % 2 ? 2 : 1;
        const amountYen = quorum === 2 ? 1_000_000 + i : 20_000 + i;
        const c = await f.confirmedCase("0101", amountYen);
        const number = String(5_000_000 + i);
        await f.knownAccountNumber(c.id, number);
        const r = await proposeReimbursement(inv, { caseId: c.id, amountYen, reason: `Restart run ${i}` });
        items.push({ id: r.id, caseId: c.id, amountYen, quorum, number });
      }

      /** One approval by one manager; whatever happens (answer, refusal, a dropped connection) is what it is. */
      let firstOk: () => void = () => undefined;
      const approve = async (it: Item, who: keyof typeof managers) => {
        try {
          await approveReimbursement(managers[who], it.id, { code: await f.freshCode(emails[who]), version: 1 });
          firstOk();
          return "ok";
        } catch (e) {
          return (e as { code?: string }).code ?? (e as Error).message;
        }
      };
      const fault = async (mode: FaultMode, afterMs: number, forMs: number) => {
        await sleep(afterMs);
        await proxy.set(mode);
        await sleep(forMs);
        await proxy.set("pass");
      };

      // Every approval at once, twice over (a person retrying), while the database is cut mid-statement
      // and then refuses connections for a second, as during a restart.
      const outcomes: string[] = [];
      for (const round of [0, 1]) {
        // The database goes away once the first approval of the round has been answered.
        const started = new Promise<void>((resolve) => (firstOk = resolve));
        const run = items.flatMap((it) => (it.quorum === 2 ? [approve(it, "carrier"), approve(it, "bank")] : [approve(it, round ? "bank" : "carrier")]));
        const faults = (async () => {
          await Promise.race([started, sleep(2_000)]);
          await fault("cut", 0, 150);
          await fault("refuse", 20, 1_000);
        })();
        const [answers] = await Promise.all([Promise.all(run), faults]);
        outcomes.push(...answers);
      }
      // The run did meet the faults: some requests failed on the connection, not on a rule.
      expect(outcomes.some((o) => o === "ok"), outcomes.join(",")).toBe(true);
      expect(outcomes.some((o) => o !== "ok" && !/^reimbursement_|^already_|_decided$/.test(o)), outcomes.join(",")).toBe(true);

      // Payout batches for what is approved, cut off the same way.
      const approved = await db.select({ id: reimbursements.id }).from(reimbursements).where(and(inArray(reimbursements.id, items.map((i) => i.id)), eq(reimbursements.status, "approved")));
      const byId = new Map(items.map((i) => [i.id, i]));
      let firstBatch: () => void = () => undefined;
      const firstBatchDone = Promise.race([new Promise<void>((resolve) => (firstBatch = resolve)), sleep(2_000)]);
      const batches = approved.map((a) =>
        createPayoutBatch(managers.carrier, { transferDate: "2026-12-25", lines: [{ reimbursementId: a.id, accountNumber: byId.get(a.id)!.number }] }).then(
          () => (firstBatch(), "ok"),
          (e: { code?: string; message?: string }) => e.code ?? e.message ?? "error",
        ),
      );
      await Promise.all([Promise.all(batches), firstBatchDone.then(() => fault("cut", 0, 200))]);

      // Then the database is back: every invariant holds on what was stored.
      const rows = await db.select().from(reimbursements).where(inArray(reimbursements.id, items.map((i) => i.id)));
      const approvals = await db.select().from(reimbursementApprovals).where(and(inArray(reimbursementApprovals.reimbursementId, items.map((i) => i.id)), eq(reimbursementApprovals.decision, "approve")));
      const audits = await db.select({ entityId: auditLog.entityId, action: auditLog.action }).from(auditLog).where(inArray(auditLog.action, ["reimbursement.approved", "reimbursement.approval_recorded"]));
      const lines = await db.select().from(payoutLines).where(inArray(payoutLines.reimbursementId, items.map((i) => i.id)));
      for (const r of rows) {
        const it = byId.get(r.id)!;
        const mine = approvals.filter((a) => a.reimbursementId === r.id);
        const audited = audits.filter((a) => a.entityId === r.id);
        expect(audited, `${r.id}: an audit entry per approval`).toHaveLength(mine.length);
        expect(new Set(mine.map((a) => a.approverId)).size, `${r.id}: one approval per approver`).toBe(mine.length);
        if (r.status === "approved" || r.status === "sent") expect(mine, `${r.id} ${r.status}: its approvals`).toHaveLength(it.quorum);
        else expect(r.status).toBe("pending");
        if (r.status === "pending") expect(mine.length).toBeLessThan(it.quorum);
        const paid = lines.filter((l) => l.reimbursementId === r.id);
        expect(paid.length, `${r.id}: payout lines`).toBe(r.status === "sent" ? 1 : 0);
        const [c] = await db.select({ reimbursed: cases.reimbursedYen }).from(cases).where(eq(cases.id, it.caseId));
        expect(c!.reimbursed, `${r.id}: the case's reimbursed amount`).toBe(r.status === "pending" ? 0 : it.amountYen);
      }
      for (const l of lines) {
        const [b] = await db.select({ id: payoutBatches.id }).from(payoutBatches).where(eq(payoutBatches.id, l.batchId));
        expect(b, "the line's batch").toBeDefined();
        const batchAudit = await db.select({ seq: auditLog.seq }).from(auditLog).where(and(eq(auditLog.action, "reimbursement.payout_batch_created"), eq(auditLog.entityId, l.batchId)));
        expect(batchAudit, "the batch's audit entry").toHaveLength(1);
      }

      // And the run can be finished once the database is back: nothing is stuck half-way.
      for (const r of rows.filter((x) => x.status === "pending")) {
        const it = byId.get(r.id)!;
        const have = new Set(approvals.filter((a) => a.reimbursementId === r.id).map((a) => a.approverId));
        for (const who of it.quorum === 2 ? (["carrier", "bank"] as const) : (["carrier"] as const)) if (!have.has(managers[who].userId)) expect(await approve(it, who)).toBe("ok");
      }
      const after = await db.select({ status: reimbursements.status }).from(reimbursements).where(inArray(reimbursements.id, items.map((i) => i.id)));
      expect(after.every((r) => r.status === "approved" || r.status === "sent")).toBe(true);
    }, 120_000);
  });
}
