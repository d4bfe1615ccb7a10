import { and, eq, ne } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { getDb, type Db } from "@/db";
import { caseEvents, cases } from "@/db/schema";
import type { StaffActor } from "@/lib/auth/actor";
import { openOrAddToCase } from "@/lib/cases/open";
import { findCase } from "@/lib/cases/find";
import { changeCase } from "@/lib/cases/write";
import { NotFound, StaleVersion } from "@/lib/errors";
import { buildFixture, type Fixture } from "../accounts/support";
import { describeEachDb } from "../support/db";

/**
 * One open case per linked account, and one write path that refuses stale writes: the two
 * guarantees every other part of the cases area (rules, take-next, bulk, the case file) builds on.
 */
describeEachDb("cases: one open case per link, versioned writes", (ctx) => {
  let fx: Fixture;
  let investigator: StaffActor;

  beforeAll(async () => {
    fx = await buildFixture(ctx.handle.db as Db);
    investigator = await fx.actor("investigator@carrier.demo");
  });

  it("ten reports of one link at the same moment (rules and people in separate transactions) leave exactly one open case with ten hits", async () => {
    const link = fx.byBank("0115")[0]!;
    const db = await getDb();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        db.transaction((tx) =>
          openOrAddToCase(tx, investigator, { link: { id: link.id, bankId: fx.orgIds.get("0115")! }, source: i % 2 ? "pin_then_charge" : "manual", severity: i === 9 ? "critical" : "medium" }),
        ),
      ),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    const open = await db.select().from(cases).where(and(eq(cases.linkedAccountId, link.id), ne(cases.status, "closed")));
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ hits: 10, priority: 9, severity: "critical", version: 10 });
    // Raised to critical: due no later than opened + the critical SLA (24 h by default).
    expect(open[0]!.dueAt.getTime()).toBeLessThanOrEqual(open[0]!.openedAt.getTime() + 24 * 3_600_000);
    const events = await db.select({ kind: caseEvents.kind }).from(caseEvents).where(eq(caseEvents.caseId, open[0]!.id));
    expect(events.filter((e) => e.kind === "opened")).toHaveLength(1);
    expect(events.filter((e) => e.kind === "rule_hit" || e.kind === "note")).toHaveLength(9);
  });

  it("a write carrying an older version is refused with 409 stale_version, the case as it is now and what changed since; nothing is written", async () => {
    const link = fx.byBank("0115")[1]!;
    const db = await getDb();
    const opened = await db.transaction((tx) => openOrAddToCase(tx, investigator, { link: { id: link.id, bankId: fx.orgIds.get("0115")! }, source: "manual", severity: "low" }));
    await db.transaction(async (tx) => {
      const row = await findCase(tx, investigator, opened.id, { lock: true });
      await changeCase(tx, investigator, row, 1, { patch: { status: "triage" }, events: [{ kind: "status_changed", body: { from: "new", to: "triage" } }], audit: { action: "case.status_changed", before: { status: "new" }, after: { status: "triage" } } });
    });
    const stale = await db
      .transaction(async (tx) => {
        const row = await findCase(tx, investigator, opened.reference, { lock: true });
        return changeCase(tx, investigator, row, 1, { patch: { severity: "high" }, events: [{ kind: "severity_changed", body: { from: "low", to: "high" } }], audit: { action: "case.severity_changed" } });
      })
      .catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(StaleVersion);
    const err = stale as StaleVersion;
    expect(err.status).toBe(409);
    expect(err.code).toBe("stale_version");
    expect(err.params).toEqual({ expected: 1, current: 2 });
    expect(err.extensions).toMatchObject({ current: { version: 2, status: "triage", severity: "low" }, changes: [{ kind: "status_changed", version: 2, body: { from: "new", to: "triage" } }] });
    const [row] = await db.select().from(cases).where(eq(cases.id, opened.id));
    expect(row).toMatchObject({ version: 2, severity: "low", status: "triage" });
  });

  it("another bank's case is not found, by id and by reference", async () => {
    const link = fx.byBank("0108").find((l) => l.openCases === 0)!;
    const db = await getDb();
    const opened = await db.transaction((tx) => openOrAddToCase(tx, investigator, { link: { id: link.id, bankId: fx.orgIds.get("0108")! }, source: "manual", severity: "medium" }));
    const bankA = await fx.actor("investigator@bank0101.demo");
    await expect(findCase(db, bankA, opened.id)).rejects.toBeInstanceOf(NotFound);
    await expect(findCase(db, bankA, opened.reference)).rejects.toBeInstanceOf(NotFound);
    const bankB = await fx.actor("investigator@bank0108.demo");
    expect((await findCase(db, bankB, opened.reference.toLowerCase())).id).toBe(opened.id);
  });
});
