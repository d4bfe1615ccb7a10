import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { getDb, type Db } from "@/db";
import { auditLog, caseEvents, cases } from "@/db/schema";
import type { StaffActor } from "@/lib/auth/actor";
import { bulkAct } from "@/lib/cases/bulk";
import { listCases } from "@/lib/cases/list";
import { bulkRequest, caseListQuery, type BulkRequestInput } from "@/lib/cases/schemas";
import { Forbidden, Invalid } from "@/lib/errors";
import { NOW, type Fixture, buildFixture } from "../accounts/support";
import { describeEachDb } from "../support/db";
import { addQueueCases, DAY, QUEUE_INCIDENT, type QueueWorld } from "./queue-support";

describeEachDb("cases: bulk actions", (ctx) => {
  let fx: Fixture;
  let world: QueueWorld;
  let inv: StaffActor;
  let inv2: StaffActor;
  const act = (actor: StaffActor, body: BulkRequestInput) => bulkAct(actor, bulkRequest.parse(body), NOW);

  beforeAll(async () => {
    fx = await buildFixture(ctx.handle.db as Db);
    world = await addQueueCases(ctx.handle.db as Db, fx);
    inv = await fx.actor("investigator@carrier.demo");
    inv2 = await fx.actor("investigator2@carrier.demo");
  });

  it("assigns every unassigned case matching the filters (across pages), each through the single-case path: timeline entry and audit entry per case", async () => {
    const filter = "assignee=unassigned&bank=0101";
    const before = await listCases(inv, caseListQuery.parse({ assignee: "unassigned", bank: "0101", limit: "2" }), { now: NOW });
    expect(before.matching!.count).toBeGreaterThan(2);
    const res = await act(inv, { action: "assign", assigneeId: inv2.userId, target: { filter } });
    expect(res).toMatchObject({ action: "assign", selected: before.matching!.count, capped: false, done: before.matching!.count, refused: 0 });
    const db = await getDb();
    const rows = await db.select().from(cases).where(inArray(cases.id, res.items.map((i) => i.id)));
    expect(rows.every((r) => r.assigneeId === inv2.userId)).toBe(true);
    const events = await db.select().from(caseEvents).where(and(inArray(caseEvents.caseId, res.items.map((i) => i.id)), eq(caseEvents.kind, "assigned")));
    expect(events).toHaveLength(res.items.length);
    const audits = await db.select().from(auditLog).where(and(inArray(auditLog.entityId, res.items.map((i) => i.id)), eq(auditLog.action, "case.assigned")));
    expect(audits).toHaveLength(res.items.length);
    // Nothing unassigned is left at that bank (snoozed ones are not in the queue's default view).
    const after = await listCases(inv, caseListQuery.parse({ assignee: "unassigned", bank: "0101" }), { now: NOW });
    expect(after.items).toEqual([]);
  });

  it("answers per case: done, stale (changed since the version read), not_found (another bank's or no case), illegal_transition", async () => {
    const db = await getDb();
    const open = await db.select().from(cases).where(and(eq(cases.bankId, fx.orgIds.get("0108")!), eq(cases.status, "new")));
    const [a, b] = open;
    const closed = (await db.select().from(cases).where(eq(cases.status, "closed")))[0]!;
    const bankInv = await fx.actor("investigator@bank0101.demo");
    // Bank 0101's investigator names two of bank 0108's cases: not found, unnamed.
    const foreign = await act(bankInv, { action: "status", to: "triage", target: { ids: [{ id: a!.id }] } });
    expect(foreign.items).toEqual([{ id: a!.id, reference: null, ok: false, code: "not_found", version: null }]);
    const res = await act(inv, {
      action: "status",
      to: "triage",
      target: { ids: [{ id: a!.id, version: a!.version }, { id: b!.id, version: b!.version - 1 < 1 ? b!.version + 5 : b!.version - 1 }, { id: closed.id }, { id: crypto.randomUUID() }] },
    });
    expect(res.items.map((i) => [i.reference, i.ok, i.code])).toEqual([
      [a!.reference, true, null],
      [b!.reference, false, "stale"],
      [closed.reference, false, "illegal_transition"],
      [null, false, "not_found"],
    ]);
    expect(res.items[1]!.version).toBe(b!.version);
    expect(res.items[2]!.params).toEqual({ from: "closed", to: "triage" });
    expect(res).toMatchObject({ selected: 4, done: 1, refused: 3 });
  });

  it("reassigning someone else's case needs a reason; with one it is done", async () => {
    const db = await getDb();
    const theirs = (await db.select().from(cases).where(eq(cases.assigneeId, world.investigatorId))).find((r) => r.status !== "closed")!;
    const without = await act(inv2, { action: "assign", assigneeId: inv2.userId, target: { ids: [{ id: theirs.id }] } });
    expect(without.items[0]).toMatchObject({ ok: false, code: "reassign_reason_required" });
    const withReason = await act(inv2, { action: "assign", assigneeId: inv2.userId, reason: "Covering while they are away", target: { ids: [{ id: theirs.id }] } });
    expect(withReason.items[0]).toMatchObject({ ok: true });
  });

  it("attaches to an incident and snoozes in bulk", async () => {
    const db = await getDb();
    const some = (await db.select().from(cases).where(eq(cases.bankId, fx.orgIds.get("0115")!))).filter((r) => r.status !== "closed");
    const attach = await act(inv, { action: "incident", incidentId: QUEUE_INCIDENT, target: { ids: some.map((r) => ({ id: r.id })) } });
    expect(attach.items.filter((i) => i.ok).length + attach.items.filter((i) => i.code === "unchanged").length).toBe(some.length);
    const rows = await db.select().from(cases).where(inArray(cases.id, some.map((r) => r.id)));
    expect(rows.every((r) => r.incidentId === world.incidentId)).toBe(true);
    const until = new Date(NOW.getTime() + 2 * DAY).toISOString();
    const snooze = await act(inv, { action: "snooze", until, target: { ids: some.map((r) => ({ id: r.id })) } });
    expect(snooze.items.map((i) => i.code)).toEqual(some.map(() => null));
  });

  it("only investigators act in bulk; a selection's filters must be the queue's", async () => {
    await expect(act(await fx.actor("operator@bank0101.demo"), { action: "snooze", until: new Date(Date.now() + DAY).toISOString(), target: { filter: "" } })).rejects.toBeInstanceOf(Forbidden);
    const bad = await act(inv, { action: "assign", assigneeId: null, target: { filter: "status=pending" } }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(Invalid);
    expect((bad as Invalid).fields).toMatchObject({ "target.filter": { code: "invalid_value" } });
  });
});
