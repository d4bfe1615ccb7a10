import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { decisionCounters, organisations } from "@/db/schema";
import { seedDemo } from "@/db/seed";
import { DEMO_BANKS } from "@/db/seed/banks";
import { STORY_END } from "@/db/seed/calendar";
import { readSeedFigures } from "@/db/seed/figures";
import { requestLoosening } from "@/lib/controls/requests";
import { getSituation } from "@/lib/situation/service";
import { changeRoles, resetPassword } from "@/lib/users/service";
import { actorOf, userId } from "../admin/support";
import { describeEachDb } from "../support/db";
import { SEED_NOW, STORY_CASES, TEST_SCALE, numbers } from "../seed/support";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const NOW = new Date(SEED_NOW.getTime() + HOUR);
const OWN = "0101";
const OTHER = "0108";

/**
 * The console's home (lib/situation): the carrier sees every bank and the incident's published
 * figures from the demo data; a bank's staff see their own bank's state, blocked attempts, figures
 * and changes, and nothing that names or counts another bank.
 */
describeEachDb("home: the situation at a glance, per scope", (ctx) => {
  const bankIds = new Map<string, string>();

  beforeAll(async () => {
    await seedDemo(ctx.handle, { scale: TEST_SCALE, now: SEED_NOW });
    for (const b of await ctx.handle.db.select({ id: organisations.id, code: organisations.bankCode }).from(organisations)) if (b.code) bankIds.set(b.code, b.id);
  });

  it("the carrier's manager sees the published figures from the data: 35 of 35 registrations and 27 of 35 charges suspended, 120 confirmed cases at 11 of 35 banks, ¥25,420,000", async () => {
    const s = await getSituation(await actorOf(ctx.handle.db, "manager@carrier.demo"), NOW);
    expect(s.scope).toEqual({ kind: "all", bankCode: null });
    expect(s.controls).toMatchObject({ totalBanks: 35, registrations: { suspended: 35, strong_only: 0, open: 0 } });
    expect(s.controls!.charges.suspended).toBe(27);
    expect(s.controls!.charges.suspended + s.controls!.charges.strong_only + s.controls!.charges.open).toBe(35);
    expect(s.controls!.banks.map((b) => b.bankCode)).toEqual(DEMO_BANKS.map((b) => b.code).sort());
    expect(s.incident).toMatchObject({ reference: "INC-2020-001", status: "open", confirmedCases: 120, banksWithCases: 11, totalBanks: 35, lossYen: 25_420_000 });
    // The same figures the seed records in its audit entry.
    const seeded = await readSeedFigures(ctx.handle.db);
    expect([s.controls!.registrations.suspended, s.controls!.charges.suspended, s.incident!.confirmedCases, s.incident!.banksWithCases, s.incident!.lossYen]).toEqual([
      seeded.registrationsSuspended,
      seeded.chargesSuspended,
      seeded.confirmedCases,
      seeded.banksWithCases,
      seeded.lossYen,
    ]);
  });

  it("the latest control changes are the story's newest, newest first, with who made them: the last is Monday 2020-09-14 16:00 JST", async () => {
    const s = await getSituation(await actorOf(ctx.handle.db, "operator@carrier.demo"), NOW);
    expect(s.latestChanges).toHaveLength(6);
    expect(s.latestChanges![0]!.at).toBe(STORY_END.toISOString());
    expect(s.latestChanges![0]).toMatchObject({ control: "charges", toState: "suspended", by: { kind: "staff" } });
    const times = s.latestChanges!.map((c) => c.at);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it("a bank's operator sees only their bank: its two switches, its confirmed cases and loss, its changes; never another bank's name or count", async () => {
    const actor = await actorOf(ctx.handle.db, `operator@bank${OWN}.demo`);
    const s = await getSituation(actor, NOW);
    const own = await numbers<"cases" | "loss">(
      ctx.handle.db,
      sql`select count(*)::int as cases, coalesce(sum(confirmed_loss_yen), 0)::bigint as loss from ${STORY_CASES} c
        where outcome = 'confirmed_fraud' and bank_id = ${bankIds.get(OWN)!}`,
    );
    expect(own.cases).toBeGreaterThan(0);
    expect(s.scope).toEqual({ kind: "bank", bankCode: OWN });
    expect(s.controls!.totalBanks).toBe(1);
    expect(s.controls!.banks.map((b) => b.bankCode)).toEqual([OWN]);
    expect(s.controls!.registrations.suspended + s.controls!.registrations.strong_only + s.controls!.registrations.open).toBe(1);
    expect(s.incident).toMatchObject({ confirmedCases: own.cases, lossYen: own.loss, banksWithCases: null, totalBanks: 1 });
    expect(s.latestChanges!.length).toBeGreaterThan(0);
    expect(s.latestChanges!.every((c) => c.bankCode === OWN)).toBe(true);
    const text = JSON.stringify(s);
    for (const b of DEMO_BANKS.filter((x) => x.code !== OWN)) {
      expect(text).not.toContain(b.nameJa);
      expect(text).not.toContain(b.nameEn);
    }
    expect(text).not.toContain("25420000");
  });

  it("attempts blocked in the last 24 hours are the deny counters of the last 24 hours in scope (allowed decisions and older minutes are not counted)", async () => {
    const at = (msAgo: number) => new Date(Math.floor((NOW.getTime() - msAgo) / MINUTE) * MINUTE);
    // The seed counts its own recent traffic's decisions (db/seed/recent.ts): these add to them.
    const seeded = await getSituation(await actorOf(ctx.handle.db, "manager@carrier.demo"), NOW);
    const seededBank = (code: string) => seeded.controls!.banks.find((b) => b.bankCode === code)!.blocked;
    const ownBefore = seededBank(OWN);
    const otherBefore = seededBank(OTHER);
    await ctx.handle.db.insert(decisionCounters).values([
      { bankId: bankIds.get(OWN)!, operation: "link", outcome: "deny", bucketStart: at(2 * HOUR), count: 7 },
      { bankId: bankIds.get(OWN)!, operation: "charge", outcome: "deny", bucketStart: at(23 * HOUR), count: 5 },
      { bankId: bankIds.get(OWN)!, operation: "charge", outcome: "allow", bucketStart: at(HOUR), count: 100 },
      { bankId: bankIds.get(OWN)!, operation: "link", outcome: "deny", bucketStart: at(25 * HOUR), count: 1000 },
      { bankId: bankIds.get(OTHER)!, operation: "link", outcome: "deny", bucketStart: at(3 * HOUR), count: 11 },
    ]);
    const carrier = await getSituation(await actorOf(ctx.handle.db, "manager@carrier.demo"), NOW);
    expect(carrier.blocked).toMatchObject({
      registrations: seeded.blocked!.registrations + 18,
      charges: seeded.blocked!.charges + 5,
      to: NOW.toISOString(),
      from: new Date(NOW.getTime() - 24 * HOUR).toISOString(),
    });
    expect(carrier.controls!.banks.find((b) => b.bankCode === OWN)!.blocked).toEqual({ registrations: ownBefore.registrations + 7, charges: ownBefore.charges + 5 });
    expect(carrier.controls!.banks.find((b) => b.bankCode === OTHER)!.blocked).toEqual({ registrations: otherBefore.registrations + 11, charges: otherBefore.charges });
    const bank = await getSituation(await actorOf(ctx.handle.db, `operator@bank${OWN}.demo`), NOW);
    expect(bank.blocked).toMatchObject({ registrations: ownBefore.registrations + 7, charges: ownBefore.charges + 5 });
  });

  it("what waits for me: a bank's loosening waits for the carrier's manager, not for the bank's own manager nor the requester", async () => {
    const operator = await actorOf(ctx.handle.db, `operator@bank${OWN}.demo`);
    const asked = await requestLoosening(operator, { bankCode: OWN, control: "registrations", toState: "strong_only", reason: "OTP required at linking since today" });
    const carrierManager = await getSituation(await actorOf(ctx.handle.db, "manager@carrier.demo"), NOW);
    expect(carrierManager.waiting.loosenings!.map((l) => l.id)).toContain(asked.id);
    expect(carrierManager.waiting.loosenings!.find((l) => l.id === asked.id)).toMatchObject({ bankCode: OWN, control: "registrations", currentState: "suspended", toState: "strong_only" });
    const bankManager = await getSituation(await actorOf(ctx.handle.db, `manager@bank${OWN}.demo`), NOW);
    expect(bankManager.waiting.loosenings).toEqual([]);
    // The operator may not approve at all: no list, not an empty one.
    expect((await getSituation(operator, NOW)).waiting.loosenings).toBeNull();
  });

  it("what waits for me: a role grant waits for the second administrator, not for its maker; an admin reads no incident figures (no cases.read)", async () => {
    const maker = await actorOf(ctx.handle.db, "admin@carrier.demo");
    await changeRoles(maker, await userId(ctx.handle.db, "investigator2@carrier.demo"), ["investigator", "manager"]);
    const second = await getSituation(await actorOf(ctx.handle.db, "admin2@carrier.demo"), NOW);
    expect(second.waiting.roleGrants).toEqual([expect.objectContaining({ email: "investigator2@carrier.demo", roles: ["manager"], requestedBy: maker.displayName })]);
    const own = await getSituation(maker, NOW);
    expect(own.waiting.roleGrants).toEqual([]);
    expect(own.viewer).toMatchObject({ readsCases: false, managesUsers: true });
    expect(own.incident).toBeNull();
    // The auditor manages nobody and approves nothing.
    const auditor = await getSituation(await actorOf(ctx.handle.db, "auditor@carrier.demo"), NOW);
    expect(auditor.waiting).toEqual({ loosenings: null, roleGrants: null, credentialResets: null });
    expect(auditor.incident).toMatchObject({ confirmedCases: 120 });
  });

  it("what waits for me: a manager's password reset waits for the second administrator, not for its maker", async () => {
    const maker = await actorOf(ctx.handle.db, "admin@carrier.demo");
    const asked = await resetPassword(maker, await userId(ctx.handle.db, "manager2@carrier.demo"), { resetTotp: true });
    expect(asked.temporaryPassword).toBeNull();
    const second = await getSituation(await actorOf(ctx.handle.db, "admin2@carrier.demo"), NOW);
    expect(second.waiting.credentialResets).toEqual([expect.objectContaining({ id: asked.user.pendingReset!.id, email: "manager2@carrier.demo", resetTotp: true, requestedBy: maker.displayName })]);
    expect((await getSituation(maker, NOW)).waiting.credentialResets).toEqual([]);
  });
});
