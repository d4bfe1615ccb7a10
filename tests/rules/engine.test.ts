import crypto from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, expect, it } from "vitest";
import type { Db } from "@/db";
import { auditLog, caseEvents, detectionRules } from "@/db/schema";
import { buildFixture, type Fixture } from "../accounts/support";
import { describeEachDb } from "../support/db";
import { HOUR, MINUTE, Platform, hitsOf, openCasesOf, setAllRules, setRule } from "./support";

/** The detection rules in the events ingestion: each fires on its pattern and not on an ordinary customer; modes; one case per link. */
describeEachDb("detection rules on ingested events", (ctx) => {
  let db: Db;
  let fx: Fixture;
  let platform: Platform;
  // Recent days, before the fixture's present (NOW): the rules look at event times, not the clock.
  let t = new Date("2026-03-01T00:00:00Z").getTime();
  const nextDay = () => new Date((t += 24 * HOUR));

  beforeAll(async () => {
    db = ctx.handle.db as Db;
    fx = await buildFixture(db);
    platform = await Platform.open(db);
  });
  beforeEach(async () => {
    await setAllRules(db, "off");
  });

  it("pin_then_charge: a PIN-only link charged within 24 h opens a high-severity case with the hit; an OTP link, or a charge 30 h later, opens nothing", async () => {
    await setRule(db, "pin_then_charge", "on");
    const at = nextDay();
    const victim = await platform.link({ bankCode: "0101", at, verification: "pin_only" });
    const otp = await platform.link({ bankCode: "0101", at, verification: "otp" });
    const late = await platform.link({ bankCode: "0101", at, verification: "pin_only" });
    await platform.send([platform.charge(victim, 200_000, new Date(at.getTime() + 20 * MINUTE)), platform.charge(otp, 200_000, new Date(at.getTime() + 20 * MINUTE)), platform.charge(late, 50_000, new Date(at.getTime() + 30 * HOUR))]);

    const [open] = await openCasesOf(db, victim.linkId);
    expect(open).toMatchObject({ source: "pin_then_charge", severity: "high", status: "new", hits: 1, bankId: fx.orgIds.get("0101") });
    const hits = await hitsOf(db, victim.linkId);
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ ruleCode: "pin_then_charge", mode: "on", caseId: open!.id });
    expect(hits[0]!.details).toMatchObject({ chargeYen: 200_000, minutesAfterLink: 20 });
    const timeline = await db.select().from(caseEvents).where(eq(caseEvents.caseId, open!.id));
    expect(timeline.map((e) => e.kind)).toEqual(["opened"]);
    expect(await openCasesOf(db, otp.linkId)).toHaveLength(0);
    expect(await openCasesOf(db, late.linkId)).toHaveLength(0);
    expect(await hitsOf(db, otp.linkId)).toHaveLength(0);
    expect(await hitsOf(db, late.linkId)).toHaveLength(0);

    // The same pattern again (a second charge) adds nothing: one hit per rule and link.
    await platform.send([platform.charge(victim, 10_000, new Date(at.getTime() + 2 * HOUR))]);
    expect(await hitsOf(db, victim.linkId)).toHaveLength(1);
    expect((await openCasesOf(db, victim.linkId))[0]).toMatchObject({ hits: 1, priority: 0 });
  });

  it("multi_bank_identity: one device linking accounts at two banks within 7 days flags both links; one device at one bank, or at two banks 10 days apart, does not", async () => {
    await setRule(db, "multi_bank_identity", "on");
    const at = nextDay();
    const device = `dev-ring-${crypto.randomBytes(4).toString("hex")}`;
    const first = await platform.link({ bankCode: "0101", at, deviceId: device });
    expect(await openCasesOf(db, first.linkId)).toHaveLength(0);
    const second = await platform.link({ bankCode: "0108", at: new Date(at.getTime() + 2 * 24 * HOUR), deviceId: device });
    for (const l of [first, second]) {
      const [c] = await openCasesOf(db, l.linkId);
      expect(c, l.linkId).toMatchObject({ source: "multi_bank_identity", severity: "high" });
    }
    const [hit] = await hitsOf(db, second.linkId);
    expect(hit!.details).toMatchObject({ banks: 2, via: ["device"] });

    const own = `dev-own-${crypto.randomBytes(4).toString("hex")}`;
    const a = await platform.link({ bankCode: "0115", at, deviceId: own });
    const b = await platform.link({ bankCode: "0115", at: new Date(at.getTime() + HOUR), deviceId: own });
    const far = `dev-far-${crypto.randomBytes(4).toString("hex")}`;
    const c = await platform.link({ bankCode: "0101", at, deviceId: far });
    const d = await platform.link({ bankCode: "0108", at: new Date(at.getTime() + 10 * 24 * HOUR), deviceId: far });
    for (const l of [a, b, c, d]) expect(await hitsOf(db, l.linkId)).toHaveLength(0);
  });

  it("multi_bank_identity: one e-mail (any case) on wallets linking at two banks is flagged", async () => {
    await setRule(db, "multi_bank_identity", "on");
    const at = nextDay();
    const email = `Ring.${crypto.randomBytes(3).toString("hex")}@Throwaway.example`;
    const x = await platform.link({ bankCode: "0101", at, email });
    const y = await platform.link({ bankCode: "0115", at: new Date(at.getTime() + 5 * HOUR), email: email.toLowerCase() });
    expect((await hitsOf(db, x.linkId)).map((h) => h.ruleCode)).toEqual(["multi_bank_identity"]);
    expect((await hitsOf(db, y.linkId))[0]!.details).toMatchObject({ via: ["email"] });
  });

  it("cash_out: a charge with 80 % or more spent at convenience stores and home-appliance shops within the hour opens a critical case; spending online or later does not", async () => {
    await setRule(db, "cash_out", "on");
    const at = nextDay();
    const mule = await platform.link({ bankCode: "0108", at });
    const shopper = await platform.link({ bankCode: "0108", at });
    const slow = await platform.link({ bankCode: "0108", at });
    const c0 = new Date(at.getTime() + 3 * HOUR);
    const m = (min: number) => new Date(c0.getTime() + min * MINUTE);
    // The spending arrives in a later batch than the charge, as it does.
    await platform.send([platform.charge(mule, 100_000, c0), platform.charge(shopper, 100_000, c0), platform.charge(slow, 100_000, c0)]);
    expect(await hitsOf(db, mule.linkId)).toHaveLength(0);
    await platform.send([
      platform.payment(mule, 50_000, m(10)),
      platform.payment(mule, 35_000, m(40), "home_appliances"),
      platform.payment(shopper, 30_000, m(10)),
      platform.payment(shopper, 60_000, m(20), "online"),
      platform.payment(slow, 50_000, m(10)),
      platform.payment(slow, 40_000, m(90), "home_appliances"),
    ]);
    const [c] = await openCasesOf(db, mule.linkId);
    expect(c).toMatchObject({ source: "cash_out", severity: "critical" });
    const [hit] = await hitsOf(db, mule.linkId);
    expect(hit!.details).toMatchObject({ chargeYen: 100_000, spentYen: 85_000 });
    expect(await hitsOf(db, shopper.linkId)).toHaveLength(0);
    expect(await hitsOf(db, slow.linkId)).toHaveLength(0);
  });

  it("link_burst: more than N links in an hour above the bank's usual rate flags the burst's links; a few links an hour do not", async () => {
    await setRule(db, "link_burst", "on", { excessLinks: 5 });
    const at = nextDay();
    const calm: { linkId: string; walletId: string }[] = [];
    for (let i = 0; i < 3; i++) calm.push(await platform.link({ bankCode: "0101", at: new Date(at.getTime() + i * 10 * MINUTE) }));
    const burst: { linkId: string; walletId: string }[] = [];
    for (let i = 0; i < 8; i++) burst.push(await platform.link({ bankCode: "0115", at: new Date(at.getTime() + 12 * HOUR + i * MINUTE) }));
    for (const l of calm) expect(await hitsOf(db, l.linkId)).toHaveLength(0);
    const flagged: { linkId: string; walletId: string }[] = [];
    for (const l of burst) if ((await hitsOf(db, l.linkId)).length) flagged.push(l);
    // No links at 0115 in the days before (usual ≈ 0): the 6th, 7th and 8th are more than 5 above it.
    expect(flagged.map((l) => burst.indexOf(l))).toEqual([5, 6, 7]);
    expect((await openCasesOf(db, burst[7]!.linkId))[0]).toMatchObject({ source: "link_burst", severity: "medium" });
  });

  it("shadow records the hit it would have opened a case for and opens nothing; off records nothing", async () => {
    await setRule(db, "pin_then_charge", "shadow");
    const at = nextDay();
    const a = await platform.link({ bankCode: "0101", at, verification: "pin_only" });
    const auditBefore = await db.$count(auditLog, sql`${auditLog.action} like 'case.%'`);
    await platform.send([platform.charge(a, 90_000, new Date(at.getTime() + 5 * MINUTE))]);
    expect(await openCasesOf(db, a.linkId)).toHaveLength(0);
    const [hit] = await hitsOf(db, a.linkId);
    expect(hit).toMatchObject({ ruleCode: "pin_then_charge", mode: "shadow", caseId: null });
    expect(await db.$count(auditLog, sql`${auditLog.action} like 'case.%'`)).toBe(auditBefore);

    await setRule(db, "pin_then_charge", "off");
    const b = await platform.link({ bankCode: "0101", at, verification: "pin_only" });
    await platform.send([platform.charge(b, 90_000, new Date(at.getTime() + 5 * MINUTE))]);
    expect(await hitsOf(db, b.linkId)).toHaveLength(0);
    expect(await openCasesOf(db, b.linkId)).toHaveLength(0);
  });

  it("a later hit of another rule on the same link adds to its open case and raises its priority instead of opening a second", async () => {
    await setRule(db, "pin_then_charge", "on");
    await setRule(db, "cash_out", "on");
    const at = nextDay();
    const v = await platform.link({ bankCode: "0108", at, verification: "pin_only" });
    const c0 = new Date(at.getTime() + 10 * MINUTE);
    await platform.send([platform.charge(v, 60_000, c0)]);
    await platform.send([platform.payment(v, 55_000, new Date(c0.getTime() + 15 * MINUTE))]);
    const open = await openCasesOf(db, v.linkId);
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ source: "pin_then_charge", hits: 2, priority: 1, severity: "critical" });
    const hits = await hitsOf(db, v.linkId);
    expect(hits.map((h) => h.ruleCode).sort()).toEqual(["cash_out", "pin_then_charge"]);
    expect(new Set(hits.map((h) => h.caseId))).toEqual(new Set([open[0]!.id]));
  });

  it("two rules hitting one link at once (concurrent ingestion batches) leave one open case with both hits", async () => {
    await setRule(db, "pin_then_charge", "on");
    await setRule(db, "cash_out", "on");
    const at = nextDay();
    const links: { linkId: string; walletId: string }[] = [];
    for (let i = 0; i < 4; i++) links.push(await platform.link({ bankCode: i % 2 ? "0101" : "0108", at, verification: "pin_only" }));
    // Each link: one batch with a charge (pin_then_charge), another with a charge and its spending
    // (cash_out and pin_then_charge on the same link), sent at the same moment.
    const batches = links.flatMap((l, i) => {
      // The small charge is outside the big one's cash-out window (it would be a cash-out of its own).
      const c0 = new Date(at.getTime() + 3 * HOUR + i * MINUTE);
      return [[platform.charge(l, 20_000, new Date(at.getTime() + 5 * MINUTE))], [platform.charge(l, 100_000, c0), platform.payment(l, 95_000, new Date(c0.getTime() + 5 * MINUTE))]];
    });
    const others = new Platform(db, (await Platform.open(db)).actor);
    await Promise.all(batches.map((b, i) => (i % 2 ? others : platform).send(b)));
    for (const l of links) {
      const open = await openCasesOf(db, l.linkId);
      expect(open, l.linkId).toHaveLength(1);
      const hits = await hitsOf(db, l.linkId);
      expect(hits.map((h) => h.ruleCode).sort()).toEqual(["cash_out", "pin_then_charge"]);
      expect(open[0]).toMatchObject({ hits: 2, priority: 1 });
    }
  });

  it("an empty rules table still works: the code's defaults, in shadow, and the rule's row is written with the first hit", async () => {
    const saved = await db.select().from(detectionRules);
    try {
      // Earlier hits reference the row: taken out without the foreign key's check, for this test only.
      await db.transaction(async (tx) => {
        await tx.execute(sql`set local session_replication_role = replica`);
        await tx.delete(detectionRules).where(eq(detectionRules.code, "pin_then_charge"));
      });
      const at = nextDay();
      const v = await platform.link({ bankCode: "0101", at, verification: "pin_only" });
      await platform.send([platform.charge(v, 40_000, new Date(at.getTime() + MINUTE))]);
      expect(await hitsOf(db, v.linkId)).toMatchObject([{ ruleCode: "pin_then_charge", mode: "shadow", caseId: null }]);
      const [row] = await db.select().from(detectionRules).where(eq(detectionRules.code, "pin_then_charge"));
      expect(row).toMatchObject({ mode: "shadow", params: { windowHours: 24, severity: "high" } });
    } finally {
      for (const r of saved) await db.insert(detectionRules).values(r).onConflictDoUpdate({ target: detectionRules.code, set: { mode: r.mode, params: r.params } });
    }
  });
});
