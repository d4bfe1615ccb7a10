import { and, eq, sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import type { Db } from "@/db";
import { auditLog, cases, caseSlaPolicies, detectionRules } from "@/db/schema";
import { openOrAddToCase } from "@/lib/cases/open";
import { Forbidden, Invalid, StaleVersion } from "@/lib/errors";
import { dryRun } from "@/lib/rules/dry-run";
import { changeRule, getSla, listRules, putSla } from "@/lib/rules/manage";
import { buildFixture, type Fixture } from "../accounts/support";
import { describeEachDb } from "../support/db";
import { HOUR, MINUTE, Platform, setAllRules, setRule } from "./support";

/** Who changes the rules and the SLA, and the dry run over history (which writes nothing). */
describeEachDb("detection rules: changes, dry run, SLA", (ctx) => {
  let db: Db;
  let fx: Fixture;
  let platform: Platform;
  const at = new Date("2026-02-10T15:00:00Z");
  let fraudLink: string;
  let ordinaryLink: string;

  beforeAll(async () => {
    db = ctx.handle.db as Db;
    fx = await buildFixture(db);
    platform = await Platform.open(db);
    await setAllRules(db, "off");
    // History: two PIN-only links charged within the hour; one became a confirmed-fraud case.
    const fraud = await platform.link({ bankCode: "0101", at, verification: "pin_only" });
    const ordinary = await platform.link({ bankCode: "0108", at, verification: "pin_only" });
    await platform.send([platform.charge(fraud, 300_000, new Date(at.getTime() + 10 * MINUTE)), platform.charge(ordinary, 5_000, new Date(at.getTime() + 50 * MINUTE))]);
    fraudLink = fraud.linkId;
    ordinaryLink = ordinary.linkId;
    const investigator = await fx.actor("investigator@carrier.demo");
    const opened = await db.transaction((tx) => openOrAddToCase(tx, investigator, { link: { id: fraud.linkId, bankId: fx.orgIds.get("0101")! }, source: "manual", severity: "high" }));
    await db.update(cases).set({ status: "closed", outcome: "confirmed_fraud", closedAt: new Date() }).where(eq(cases.id, opened.id));
  });

  it("only the carrier's managers change a rule: investigators, auditors and a bank's manager are refused", async () => {
    for (const email of ["investigator@carrier.demo", "auditor@carrier.demo", "manager@bank0108.demo", "operator@bank0101.demo"]) {
      const actor = await fx.actor(email);
      await expect(changeRule(actor, "cash_out", { version: 1, mode: "on" }), email).rejects.toBeInstanceOf(Forbidden);
    }
    const [row] = await db.select().from(detectionRules).where(eq(detectionRules.code, "cash_out"));
    expect(row!.version).toBe(1);
  });

  it("a carrier manager switches a rule's mode and parameters on the version read: audited rule.changed with before and after; a stale version is 409 and writes nothing", async () => {
    const manager = await fx.actor("manager@carrier.demo");
    const [before] = await db.select().from(detectionRules).where(eq(detectionRules.code, "link_burst"));
    const r = await changeRule(manager, "link_burst", { version: before!.version, mode: "shadow", params: { windowMinutes: 30, excessLinks: 8, baselineDays: 14, severity: "high" } });
    expect(r).toMatchObject({ mode: "shadow", version: before!.version + 1, params: { windowMinutes: 30, excessLinks: 8 } });
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.action, "rule.changed"), eq(auditLog.entityId, "link_burst")));
    expect(entry!.before).toMatchObject({ mode: "off", params: { windowMinutes: 60, excessLinks: 5 } });
    expect(entry!.after).toMatchObject({ mode: "shadow", params: { windowMinutes: 30, excessLinks: 8, baselineDays: 14, severity: "high" } });
    expect(entry!.actorUserId).toBe(manager.userId);

    const stale = await changeRule(manager, "link_burst", { version: before!.version, mode: "on" }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(StaleVersion);
    expect((stale as StaleVersion).extensions).toMatchObject({ current: { mode: "shadow", version: before!.version + 1 } });
    const [after] = await db.select().from(detectionRules).where(eq(detectionRules.code, "link_burst"));
    expect(after).toMatchObject({ mode: "shadow", version: before!.version + 1 });
  });

  it("refuses parameters outside their bounds or unknown to the rule, naming each field", async () => {
    const manager = await fx.actor("manager@carrier.demo");
    const [row] = await db.select().from(detectionRules).where(eq(detectionRules.code, "cash_out"));
    const e = await changeRule(manager, "cash_out", { version: row!.version, params: { windowMinutes: 2, spendPercent: 180, categories: [], severity: "urgent", extra: 1 } }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(Invalid);
    expect(Object.keys((e as Invalid).fields!).sort()).toEqual(["params", "params.categories", "params.severity", "params.spendPercent", "params.windowMinutes"].sort());
  });

  it("the list carries each rule's mode, parameters and hits of the last 7 days; a bank's staff count their bank's hits", async () => {
    await setRule(db, "pin_then_charge", "shadow");
    const t = new Date(Date.now() - 2 * HOUR);
    const a = await platform.link({ bankCode: "0101", at: t, verification: "pin_only" });
    const b = await platform.link({ bankCode: "0108", at: t, verification: "pin_only" });
    await platform.send([platform.charge(a, 10_000, new Date(t.getTime() + MINUTE)), platform.charge(b, 10_000, new Date(t.getTime() + MINUTE))]);
    const carrier = await listRules(await fx.actor("investigator@carrier.demo"));
    expect(carrier.canManage).toBe(false);
    expect(carrier.items.map((i) => i.code)).toEqual(["pin_then_charge", "multi_bank_identity", "cash_out", "link_burst"]);
    const pin = carrier.items[0]!;
    expect(pin).toMatchObject({ mode: "shadow", params: { windowHours: 24 }, hits7d: { total: 2, shadow: 2, on: 0, casesOpened: 0 } });
    expect(pin.hitsByDay.reduce((s, d) => s + d.count, 0)).toBe(2);
    const bank = await listRules(await fx.actor("investigator@bank0101.demo"));
    expect(bank.items[0]!.hits7d.total).toBe(1);
    expect((await listRules(await fx.actor("manager@carrier.demo"))).canManage).toBe(true);
  });

  it("a dry run over history counts the cases it would have opened, the known fraud among them and the ordinary links, and writes nothing", async () => {
    const manager = await fx.actor("manager@carrier.demo");
    const count = async () =>
      JSON.stringify(
        (await db.execute(sql`select (select count(*) from rule_hits) as hits, (select count(*) from cases) as cases, (select count(*) from audit_log) as audit, (select sum(version) from detection_rules) as rules`)) as unknown as { rows: unknown[] },
      );
    const before = await count();
    const r = await dryRun(manager, "pin_then_charge", { params: { windowHours: 1, severity: "high" }, from: "2026-02-10", to: "2026-02-11" });
    expect(r).toMatchObject({ cases: 2, knownFraud: 1, ordinary: 1, fraudLinksInPeriod: 1 });
    expect(r.links.map((l) => l.linkId).sort()).toEqual([fraudLink, ordinaryLink].sort());
    const fraud = r.links.find((l) => l.linkId === fraudLink)!;
    expect(fraud).toMatchObject({ bankCode: "0101", knownFraud: true, holderNameKana: "ﾃｽﾄ ﾊﾅｺ" });
    expect(fraud.accountMasked).toMatch(/^\*{4}\d{4}$/);
    // Days are Japan-time days: the links and charges fell just after midnight of 2026-02-11 JST.
    const dayBefore = await dryRun(manager, "pin_then_charge", { from: "2026-02-10", to: "2026-02-10" });
    expect(dayBefore).toMatchObject({ cases: 0, fraudLinksInPeriod: 0 });
    const none = await dryRun(manager, "pin_then_charge", { from: "2026-02-12", to: "2026-02-13" });
    expect(none).toMatchObject({ cases: 0, knownFraud: 0, links: [] });
    expect(await count()).toBe(before);
  });

  it("a dry run is the carrier's: a bank's staff are refused; the carrier's investigators and auditors may run one", async () => {
    await expect(dryRun(await fx.actor("investigator@bank0101.demo"), "cash_out", {})).rejects.toBeInstanceOf(Forbidden);
    await expect(dryRun(await fx.actor("operator@bank0101.demo"), "cash_out", {})).rejects.toBeInstanceOf(Forbidden);
    expect((await dryRun(await fx.actor("auditor@carrier.demo"), "cash_out", {})).code).toBe("cash_out");
    expect((await dryRun(await fx.actor("investigator@carrier.demo"), "multi_bank_identity", {})).code).toBe("multi_bank_identity");
  });

  it("the SLA: anyone reading cases sees its hours; only a carrier manager sets them (audited sla.changed); open cases keep their due dates", async () => {
    const operator = await fx.actor("operator@bank0101.demo");
    expect(await getSla(operator)).toMatchObject({ hours: { critical: 24, high: 72, medium: 120, low: 240 }, canManage: false });
    await expect(putSla(await fx.actor("manager@bank0108.demo"), { hours: { critical: 12, high: 48, medium: 96, low: 200 } })).rejects.toBeInstanceOf(Forbidden);
    await expect(putSla(await fx.actor("investigator@carrier.demo"), { hours: { critical: 12, high: 48, medium: 96, low: 200 } })).rejects.toBeInstanceOf(Forbidden);
    const open = await db.select({ id: cases.id, dueAt: cases.dueAt }).from(cases).where(sql`${cases.status} <> 'closed'`);
    const manager = await fx.actor("manager@carrier.demo");
    const r = await putSla(manager, { hours: { critical: 12, high: 48, medium: 96, low: 200 } });
    expect(r.hours).toEqual({ critical: 12, high: 48, medium: 96, low: 200 });
    expect(await db.select({ severity: caseSlaPolicies.severity, hours: caseSlaPolicies.hours }).from(caseSlaPolicies).orderBy(caseSlaPolicies.hours)).toEqual([
      { severity: "critical", hours: 12 },
      { severity: "high", hours: 48 },
      { severity: "medium", hours: 96 },
      { severity: "low", hours: 200 },
    ]);
    const [entry] = await db.select().from(auditLog).where(eq(auditLog.action, "sla.changed"));
    expect(entry).toMatchObject({ before: { hours: { critical: 24, high: 72, medium: 120, low: 240 } }, after: { hours: { critical: 12, high: 48, medium: 96, low: 200 } } });
    const still = await db.select({ id: cases.id, dueAt: cases.dueAt }).from(cases).where(sql`${cases.status} <> 'closed'`);
    expect(still).toEqual(open);
  });
});
