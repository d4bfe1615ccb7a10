import { and, eq, sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { auditLog, caseEvents, cases } from "@/db/schema";
import { seedDemo } from "@/db/seed";
import { DEMO_BANKS } from "@/db/seed/banks";
import { incidentCreateRequest, incidentUpdateRequest } from "@/lib/incidents/schemas";
import { getIncident, listIncidents } from "@/lib/incidents/service";
import { searchQuery } from "@/lib/search/schemas";
import { search } from "@/lib/search/service";
import { attachCaseToIncident, createIncident, updateIncident } from "@/lib/incidents/write";
import { actorOf, rejection } from "../admin/support";
import { describeEachDb } from "../support/db";
import { SEED_NOW, TEST_SCALE, rows } from "../seed/support";

const create = (title: string, startedOn = "2026-11-20") => incidentCreateRequest.parse({ title, startedOn });

describeEachDb("incidents: create, edit, attach cases (the carrier's investigators and managers)", (ctx) => {
  beforeAll(async () => {
    await seedDemo(ctx.handle, { scale: TEST_SCALE, now: SEED_NOW });
  });

  it("a carrier manager creates incidents numbered in the Japan year they started (INC-2026-001, then 002; 2027-01-01 00:00 JST is 2027), each audited as incident.created", async () => {
    const manager = await actorOf(ctx.handle.db, "manager@carrier.demo");
    const a = await createIncident(manager, create("カード不正利用 第2波 / Card fraud, second wave"));
    const b = await createIncident(manager, create("Second", "2026-11-21"));
    const c = await createIncident(manager, create("New year", "2027-01-01"));
    expect([a.reference, b.reference, c.reference]).toEqual(["INC-2026-001", "INC-2026-002", "INC-2027-001"]);
    expect(a).toMatchObject({ status: "open", description: "", startedAt: "2026-11-19T15:00:00.000Z" });
    const [audit] = await ctx.handle.db.select().from(auditLog).where(and(eq(auditLog.entityId, a.id), eq(auditLog.action, "incident.created")));
    expect(audit).toMatchObject({ entityType: "incident", actorUserId: manager.userId });
    expect(audit!.after).toMatchObject({ reference: "INC-2026-001", title: "カード不正利用 第2波 / Card fraud, second wave" });
    const list = await listIncidents(manager);
    expect(list.canManage).toBe(true);
    expect(list.items.map((i) => i.reference)).toContain("INC-2026-001");
    expect(list.items.find((i) => i.reference === "INC-2026-002")!.figures.cases).toBe(0);
  });

  it("a bank's staff, the carrier's auditor and its admin may not create or edit incidents (403); the list tells them so (canManage false)", async () => {
    for (const email of ["manager@bank0101.demo", "investigator@bank0108.demo", "auditor@carrier.demo", "admin@carrier.demo", "operator@bank0101.demo"]) {
      const actor = await actorOf(ctx.handle.db, email);
      expect((await rejection(createIncident(actor, create("Not mine")))).status).toBe(403);
      expect((await rejection(updateIncident(actor, "INC-2020-001", { status: "closed" }))).status).toBe(403);
      expect((await rejection(attachCaseToIncident(actor, "INC-2020-001", { caseId: "C-2026-0001" }))).status).toBe(403);
    }
    expect((await listIncidents(await actorOf(ctx.handle.db, "manager@bank0101.demo"))).canManage).toBe(false);
    expect((await listIncidents(await actorOf(ctx.handle.db, "investigator@carrier.demo"))).canManage).toBe(true);
  });

  it("an edit changes only what is given, audits what changed before and after, and changing nothing is 409 unchanged", async () => {
    const investigator = await actorOf(ctx.handle.db, "investigator@carrier.demo");
    const made = await createIncident(investigator, create("To edit"));
    const edited = await updateIncident(investigator, made.reference, { status: "contained", description: "Two banks; PIN-only links." });
    expect(edited).toMatchObject({ title: "To edit", status: "contained", description: "Two banks; PIN-only links.", startedAt: made.startedAt });
    const moved = await updateIncident(investigator, made.id, { startedOn: "2026-11-18" });
    expect(moved.startedAt).toBe("2026-11-17T15:00:00.000Z");
    const audits = await ctx.handle.db.select().from(auditLog).where(and(eq(auditLog.entityId, made.id), eq(auditLog.action, "incident.updated"))).orderBy(auditLog.seq);
    expect(audits.map((a) => [a.before, a.after])).toEqual([
      [{ reference: made.reference, status: "open", description: "" }, { reference: made.reference, status: "contained", description: "Two banks; PIN-only links." }],
      [{ reference: made.reference, startedOn: "2026-11-20" }, { reference: made.reference, startedOn: "2026-11-18" }],
    ]);
    const same = await rejection(updateIncident(investigator, made.id, { status: "contained" }));
    expect(same.status).toBe(409);
    expect((await rejection(updateIncident(investigator, "INC-1999-001", { status: "closed" }))).status).toBe(404);
  });

  it("the request schemas refuse a day that does not exist, an empty title, unknown fields and an empty edit", () => {
    expect(incidentCreateRequest.safeParse({ title: "x", startedOn: "2026-02-30" }).error?.issues[0]?.message).toBe("calendar_date");
    expect(incidentCreateRequest.safeParse({ title: " ", startedOn: "2026-02-03" }).success).toBe(false);
    expect(incidentCreateRequest.safeParse({ title: "x", startedOn: "2026-02-03", reference: "INC-1" }).success).toBe(false);
    expect(incidentUpdateRequest.safeParse({}).error?.issues[0]?.message).toBe("nothing_to_change");
  });

  it("a carrier manager attaches a case by reference: the case's timeline and audit say so, the incident's figures and banks count it, and a bank's staff see it only when it is their bank's", async () => {
    const manager = await actorOf(ctx.handle.db, "manager@carrier.demo");
    const made = await createIncident(manager, create("Attach test"));
    const [free] = await rows<{ id: string; reference: string; bank_code: string; loss_yen: string }>(
      ctx.handle.db,
      sql`select c.id, c.reference, o.bank_code, c.loss_yen::text from cases c join organisations o on o.id = c.bank_id where c.incident_id is null and o.bank_code in ('0101', '0108') order by c.loss_yen desc, c.reference limit 1`,
    );
    const result = await attachCaseToIncident(manager, made.reference, { caseId: free!.reference });
    expect(result.incidentId).toBe(made.id);
    const [event] = await ctx.handle.db.select().from(caseEvents).where(and(eq(caseEvents.caseId, free!.id), eq(caseEvents.kind, "incident_attached")));
    expect(event!.body).toMatchObject({ to: made.reference });
    const [audit] = await ctx.handle.db.select().from(auditLog).where(and(eq(auditLog.entityId, free!.id), eq(auditLog.action, "case.incident_attached")));
    expect(audit!.actorUserId).toBe(manager.userId);
    expect((await rejection(attachCaseToIncident(manager, made.reference, { caseId: free!.reference }))).status).toBe(409);

    const d = await getIncident(manager, made.reference);
    expect(d.figures.cases).toBe(1);
    expect(d.figures.lossYen).toBe(Number(free!.loss_yen));
    expect(d.banks.map((b) => b.bankCode)).toEqual([free!.bank_code]);
    expect(d.banksHit).toBe(1);

    const own = await actorOf(ctx.handle.db, `operator@bank${free!.bank_code}.demo`);
    expect((await getIncident(own, made.reference)).banks.map((b) => [b.bankCode, b.cases])).toEqual([[free!.bank_code, 1]]);
    const other = DEMO_BANKS.find((b) => b.code === (free!.bank_code === "0101" ? "0108" : "0101"))!;
    const stranger = await actorOf(ctx.handle.db, `operator@bank${other.code}.demo`);
    const seen = await getIncident(stranger, made.reference);
    expect(seen.figures.cases).toBe(0);
    expect(seen.banks).toEqual([]);
    const mine = DEMO_BANKS.find((b) => b.code === free!.bank_code)!;
    expect(JSON.stringify(seen)).not.toContain(mine.nameEn);
    expect(JSON.stringify(seen)).not.toContain(mine.nameJa);

    // A stale version is refused with what changed; the case stays where it is.
    const other2 = await createIncident(manager, create("Attach stale"));
    const stale = await rejection(attachCaseToIncident(manager, other2.id, { caseId: free!.id, version: 1 }));
    expect(stale.status).toBe(409);
    const [still] = await ctx.handle.db.select({ incidentId: cases.incidentId }).from(cases).where(eq(cases.id, free!.id));
    expect(still!.incidentId).toBe(made.id);
    const unknown = await rejection(attachCaseToIncident(manager, made.id, { caseId: "C-1999-9999" }));
    expect([unknown.status, unknown.fields?.caseId?.code]).toEqual([422, "unknown_case"]);
  });

  it("the command palette finds incidents and cases by reference (any case, full-width too), cases only in the caller's scope, nothing for a role that reads no cases", async () => {
    const find = async (email: string, q: string) => search(await actorOf(ctx.handle.db, email), searchQuery.parse({ q }));
    const inc = await find("manager@carrier.demo", "inc-2020");
    expect(inc.incidents.map((i) => i.reference)).toEqual(["INC-2020-001"]);
    expect(inc.cases).toEqual([]);
    expect((await find("operator@bank0101.demo", "ＩＮＣ－２０２０－００１")).incidents.map((i) => i.reference)).toEqual(["INC-2020-001"]);
    const [a, b] = await rows<{ reference: string; bank_code: string }>(
      ctx.handle.db,
      sql`(select c.reference, o.bank_code from cases c join organisations o on o.id = c.bank_id where o.bank_code = '0101' order by c.reference limit 1)
          union all (select c.reference, o.bank_code from cases c join organisations o on o.id = c.bank_id where o.bank_code = '0108' order by c.reference limit 1)`,
    );
    expect((await find("investigator@carrier.demo", a!.reference.toLowerCase())).cases.map((c) => [c.reference, c.bankCode])).toEqual([[a!.reference, "0101"]]);
    expect((await find("operator@bank0101.demo", a!.reference)).cases.map((c) => c.reference)).toEqual([a!.reference]);
    expect((await find("operator@bank0101.demo", b!.reference)).cases).toEqual([]);
    const prefix = await find("operator@bank0101.demo", "C-");
    expect(prefix.cases.length).toBeGreaterThan(0);
    expect(prefix.cases.every((c) => c.bankCode === "0101")).toBe(true);
    const admin = await find("admin@carrier.demo", "INC-2020-001");
    expect([admin.cases, admin.incidents]).toEqual([[], []]);
  });
});
