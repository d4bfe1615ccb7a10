import { and, eq, sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import type { Db } from "@/db";
import { auditLog, staffSessions, users } from "@/db/schema";
import { seedOrganisationsAndStaff } from "@/db/seed";
import { createSession, endLapsedSessions, IDLE_TIMEOUT_MS, loadSessionActor } from "@/lib/auth/sessions";
import { updateStaff } from "@/lib/users/service";
import { actorOf, meta } from "../admin/support";
import { describeEachDb } from "../support/db";

const HOUR = 3_600_000;

describeEachDb("sessions that end are in the audit log", (ctx) => {
  let db: Db;
  beforeAll(async () => {
    db = ctx.handle.db as Db;
    await seedOrganisationsAndStaff(db);
  });

  async function sessionOf(email: string): Promise<{ id: string; userId: string }> {
    const [user] = await db.select().from(users).where(eq(users.email, email));
    return { id: await createSession(db, user!, meta), userId: user!.id };
  }
  const age = (id: string, set: { lastSeenAt?: Date; expiresAt?: Date }) => db.update(staffSessions).set(set).where(eq(staffSessions.id, id));
  const endedEntries = (sessionId: string) =>
    db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "auth.session_ended"), eq(auditLog.entityId, sessionId)));

  it("a session presented after 30 idle minutes ends as idle_timeout, audited once under its user, with the request's id", async () => {
    const s = await sessionOf("investigator@carrier.demo");
    await age(s.id, { lastSeenAt: new Date(Date.now() - IDLE_TIMEOUT_MS - 1_000) });
    expect(await loadSessionActor(db, s.id, meta)).toEqual({ problem: "idle" });
    expect(await loadSessionActor(db, s.id, meta)).toEqual({ problem: "ended" });
    const entries = await endedEntries(s.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorUserId: s.userId, actorLabel: "investigator@carrier.demo", entityType: "session", requestId: meta.requestId });
    expect(entries[0]!.orgId).not.toBeNull();
    expect(entries[0]!.after).toMatchObject({ reason: "idle_timeout", foundBy: "request" });
    const [row] = await db.select().from(staffSessions).where(eq(staffSessions.id, s.id));
    expect(row).toMatchObject({ endedReason: "idle" });
  });

  it("a session past its 12 hours ends as absolute_timeout, audited", async () => {
    const s = await sessionOf("operator@carrier.demo");
    await age(s.id, { expiresAt: new Date(Date.now() - 1_000) });
    expect(await loadSessionActor(db, s.id, meta)).toEqual({ problem: "expired" });
    const [entry, ...more] = await endedEntries(s.id);
    expect(more).toEqual([]);
    expect(entry!.after).toMatchObject({ reason: "absolute_timeout" });
  });

  it("taking a role away ends the person's sessions in the same transaction, audited with the change (sessionsEnded); a session left stale is ended and audited as roles_changed when next presented", async () => {
    const admin = await actorOf(db, "admin@carrier.demo");
    const [target] = await db.select().from(users).where(eq(users.email, "investigator2@carrier.demo"));
    await updateStaff(admin, target!.id, { roles: ["investigator", "auditor"] });
    const s = await sessionOf("investigator2@carrier.demo");
    expect("actor" in (await loadSessionActor(db, s.id, meta))).toBe(true);
    await updateStaff(admin, s.userId, { roles: ["investigator"] });
    expect(await loadSessionActor(db, s.id, meta)).toEqual({ problem: "ended" });
    const [row] = await db.select().from(staffSessions).where(eq(staffSessions.id, s.id));
    expect(row!.endedReason).toBe("roles_changed");
    const changes = await db.select().from(auditLog).where(and(eq(auditLog.action, "users.roles_changed"), eq(auditLog.entityId, s.userId))).orderBy(auditLog.seq);
    expect(changes.at(-1)!.after).toMatchObject({ removed: ["auditor"], sessionsEnded: 1 });

    // A session whose version moved on without being ended (the rule every request checks).
    const stale = await sessionOf("investigator2@carrier.demo");
    await db.update(users).set({ sessionVersion: sql`${users.sessionVersion} + 1` }).where(eq(users.id, s.userId));
    expect(await loadSessionActor(db, stale.id, meta)).toEqual({ problem: "stale" });
    const [entry] = await endedEntries(stale.id);
    expect(entry!.after).toMatchObject({ reason: "roles_changed", foundBy: "request" });
  });

  it("sessions that lapse while nobody presents them are ended and audited by the sweep, once; live sessions are left alone", async () => {
    const idle = await sessionOf("manager@carrier.demo");
    const expired = await sessionOf("manager2@carrier.demo");
    const live = await sessionOf("auditor@carrier.demo");
    await age(idle.id, { lastSeenAt: new Date(Date.now() - 2 * HOUR) });
    await age(expired.id, { expiresAt: new Date(Date.now() - HOUR) });
    const changed = await sessionOf("operator@bank0101.demo");
    await db.update(users).set({ sessionVersion: sql`${users.sessionVersion} + 1` }).where(eq(users.id, changed.userId));

    expect(await endLapsedSessions(db)).toBeGreaterThanOrEqual(3);
    expect(await endLapsedSessions(db)).toBe(0);
    for (const [s, reason] of [
      [idle, "idle_timeout"],
      [expired, "absolute_timeout"],
      [changed, "roles_changed"],
    ] as const) {
      const entries = await endedEntries(s.id);
      expect(entries, reason).toHaveLength(1);
      expect(entries[0]).toMatchObject({ actorUserId: s.userId, requestId: "system" });
      expect(entries[0]!.after).toMatchObject({ reason, foundBy: "sweep" });
      expect(await loadSessionActor(db, s.id, meta)).toEqual({ problem: "ended" });
    }
    expect(await endedEntries(live.id)).toEqual([]);
    expect("actor" in (await loadSessionActor(db, live.id, meta))).toBe(true);
  });
});
