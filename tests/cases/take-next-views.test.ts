import { and, eq, isNull, ne } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { getDb, type Db } from "@/db";
import { auditLog, caseEvents, cases, savedViews } from "@/db/schema";
import type { StaffActor } from "@/lib/auth/actor";
import { openOrAddToCase } from "@/lib/cases/open";
import { NoCaseAvailable, takeNextCase } from "@/lib/cases/take-next";
import { deleteView, listViews, saveView } from "@/lib/cases/views";
import { AppError, Conflict, Forbidden, Invalid, NotFound } from "@/lib/errors";
import { NOW, type Fixture, buildFixture } from "../accounts/support";
import { describeEachDb } from "../support/db";
import { addQueueCases, DAY } from "./queue-support";

describeEachDb("cases: take next, saved views", (ctx) => {
  let fx: Fixture;
  let inv: StaffActor;
  let inv2: StaffActor;

  beforeAll(async () => {
    fx = await buildFixture(ctx.handle.db as Db);
    await addQueueCases(ctx.handle.db as Db, fx);
    inv = await fx.actor("investigator@carrier.demo");
    inv2 = await fx.actor("investigator2@carrier.demo");
  });

  it("take next gives the most urgent unassigned, unsnoozed open case (severity, then due, then priority), assigns it with a timeline entry and an audit entry", async () => {
    const db = await getDb();
    const waiting = (await db.select().from(cases).where(and(ne(cases.status, "closed"), isNull(cases.assigneeId)))).filter((r) => !r.snoozedUntil || r.snoozedUntil <= NOW);
    const rank = { critical: 3, high: 2, medium: 1, low: 0 } as const;
    waiting.sort((a, b) => rank[b.severity] - rank[a.severity] || a.dueAt.getTime() - b.dueAt.getTime() || b.priority - a.priority || (a.id < b.id ? -1 : 1));
    const taken = await takeNextCase(inv, NOW);
    expect(taken.id).toBe(waiting[0]!.id);
    expect(taken).toMatchObject({ assigneeId: inv.userId, version: waiting[0]!.version + 1 });
    const [row] = await db.select().from(cases).where(eq(cases.id, taken.id));
    expect(row!.assigneeId).toBe(inv.userId);
    const events = await db.select().from(caseEvents).where(and(eq(caseEvents.caseId, taken.id), eq(caseEvents.kind, "assigned")));
    expect(events).toHaveLength(1);
    expect(events[0]!.body).toMatchObject({ from: null, to: inv.userId });
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.entityId, taken.id), eq(auditLog.action, "case.assigned")));
    expect(audit).toHaveLength(1);
  });

  it("take next never offers a snoozed case, nor another bank's to a bank's investigator", async () => {
    const db = await getDb();
    const bankInv = await fx.actor("investigator@bank0101.demo");
    const a = fx.orgIds.get("0101")!;
    // One of bank 0101's unassigned open cases is snoozed until tomorrow.
    const [snoozed] = await db.update(cases).set({ snoozedUntil: new Date(NOW.getTime() + DAY) }).where(eq(cases.reference, "C-2026-9015")).returning();
    expect(snoozed).toMatchObject({ assigneeId: null, status: "investigating" });
    const taken: string[] = [];
    for (;;) {
      const r = await takeNextCase(bankInv, NOW).catch((e: unknown) => e);
      if (r instanceof NoCaseAvailable) break;
      if (r instanceof Error) throw r;
      taken.push((r as { id: string }).id);
    }
    const rows = await db.select().from(cases).where(eq(cases.assigneeId, bankInv.userId));
    expect(rows.map((r) => r.id).sort()).toEqual([...taken].sort());
    expect(rows.every((r) => r.bankId === a)).toBe(true);
    const left = (await db.select().from(cases).where(and(eq(cases.bankId, a), ne(cases.status, "closed"), isNull(cases.assigneeId)))).filter((r) => !r.snoozedUntil || r.snoozedUntil <= NOW);
    expect(left).toEqual([]);
    const [still] = await db.select().from(cases).where(eq(cases.id, snoozed!.id));
    expect(still!.assigneeId).toBeNull();
    const none = await takeNextCase(bankInv, NOW).catch((e: unknown) => e);
    expect(none).toBeInstanceOf(NoCaseAvailable);
    expect((none as AppError).status).toBe(404);
    expect((none as AppError).code).toBe("no_case_available");
  });

  it("only investigators take cases", async () => {
    await expect(takeNextCase(await fx.actor("operator@bank0101.demo"), NOW)).rejects.toBeInstanceOf(Forbidden);
    await expect(takeNextCase(await fx.actor("manager@carrier.demo"), NOW)).rejects.toBeInstanceOf(Forbidden);
  });

  it("twelve take-next calls at the same moment by two investigators get twelve different cases (PostgreSQL: real concurrency, for update skip locked)", async () => {
    const db = await getDb();
    // Twelve fresh unassigned critical cases at bank 0115, all due at the same instant.
    const links = fx.byBank("0115").slice(4);
    const more = fx.byBank("0108").slice(10);
    const fresh = [...links, ...more, ...fx.byBank("0101").slice(26)].slice(0, 12);
    for (const link of fresh) {
      await db.transaction((tx) => openOrAddToCase(tx, inv, { link: { id: link.id, bankId: fx.orgIds.get(link.bankCode)! }, source: "manual", severity: "critical", at: new Date(NOW.getTime() - DAY) }));
    }
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => takeNextCase(i % 2 ? inv2 : inv, NOW).catch((e: unknown) => e)));
    const got = results.filter((r): r is { id: string; assigneeId: string } => !(r instanceof Error));
    expect(got.length).toBe(12);
    expect(new Set(got.map((r) => r.id)).size).toBe(12);
    // Each case has exactly one assignment, to the one who got it.
    for (const r of got) {
      const events = await db.select().from(caseEvents).where(and(eq(caseEvents.caseId, r.id), eq(caseEvents.kind, "assigned")));
      expect(events).toHaveLength(1);
      const [row] = await db.select({ assigneeId: cases.assigneeId }).from(cases).where(eq(cases.id, r.id));
      expect(row!.assigneeId).toBe(r.assigneeId);
    }
  });

  it("saved views are each person's own, kept in the database, listed after the built-in 'mine' and 'unassigned'; saving and deleting one is audited, a refused one is not", async () => {
    const saved = await saveView(inv, { name: "Overdue at Mirai", query: "?bank=0101&sla=overdue&cursor=abc&unknown=1&status=new,triage" });
    expect(saved.query).toBe("status=new%2Ctriage&bank=0101&sla=overdue");
    const mine = await listViews(inv);
    expect(mine.items.map((v) => v.id).slice(0, 2)).toEqual(["mine", "unassigned"]);
    expect(mine.items.find((v) => v.id === saved.id)).toMatchObject({ name: "Overdue at Mirai", builtIn: false });
    // Another person does not see it, and cannot delete it.
    expect((await listViews(inv2)).items.some((v) => v.id === saved.id)).toBe(false);
    await expect(deleteView(inv2, saved.id)).rejects.toBeInstanceOf(NotFound);
    const db = await getDb();
    expect(await db.select().from(savedViews).where(eq(savedViews.id, saved.id))).toHaveLength(1);
    // The same name twice is a conflict; another person may use it.
    await expect(saveView(inv, { name: "Overdue at Mirai", query: "" })).rejects.toBeInstanceOf(Conflict);
    await expect(saveView(inv2, { name: "Overdue at Mirai", query: "" })).resolves.toMatchObject({ name: "Overdue at Mirai" });
    await deleteView(inv, saved.id);
    expect((await listViews(inv)).items.some((v) => v.id === saved.id)).toBe(false);
    const audit = await db.select().from(auditLog).where(eq(auditLog.entityId, saved.id)).orderBy(auditLog.seq);
    expect(audit.map((a) => [a.action, a.actorUserId, a.entityType])).toEqual([
      ["case.view_saved", inv.userId, "saved_view"],
      ["case.view_deleted", inv.userId, "saved_view"],
    ]);
    // inv2's failed delete and inv's refused second save wrote nothing.
    expect(audit.filter((a) => a.actorUserId === inv2.userId)).toHaveLength(0);
  });

  it("a view's filters must be ones the queue takes", async () => {
    const bad = await saveView(inv, { name: "Bad", query: "status=pending" }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(Invalid);
    expect((bad as Invalid).fields).toMatchObject({ query: { code: "invalid_value" } });
  });
});
