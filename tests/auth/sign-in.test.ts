import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, staffSessions, users } from "@/db/schema";
import { seedOrganisationsAndStaff } from "@/db/seed";
import { DEMO_PASSWORD } from "@/db/seed/staff";
import { signInWithPassword, startEnrolment } from "@/lib/auth/sign-in";
import { endSession, loadSessionActor } from "@/lib/auth/sessions";
import { describeEachDb, freshDatabase, POSTGRES_URL } from "../support/db";
import { demoCode, totpCode } from "../support/totp";

const meta = { requestId: "test-request", ip: "127.0.0.1" };
const STEP = 30_000;

describeEachDb("staff sign-in", (ctx) => {
  beforeAll(async () => {
    await seedOrganisationsAndStaff(ctx.handle.db);
  });

  async function auditActions(email: string): Promise<string[]> {
    const rows = await ctx.handle.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.actorLabel, email));
    return rows.map((r) => r.action);
  }

  it("signs in with the right password and a fresh one-time code, creating a live session", async () => {
    const email = "manager@carrier.demo";
    const result = await signInWithPassword(ctx.handle.db, { email, password: DEMO_PASSWORD, code: demoCode(email) }, meta);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const loaded = await loadSessionActor(ctx.handle.db, result.sessionId, meta);
    expect("actor" in loaded && loaded.actor.roles).toEqual(["manager"]);
    expect(await auditActions(email)).toContain("auth.signed_in");
  });

  it("refuses a wrong password and an unknown e-mail with the same answer", async () => {
    const wrong = await signInWithPassword(ctx.handle.db, { email: "auditor@carrier.demo", password: "not-the-password-1", code: demoCode("auditor@carrier.demo") }, meta);
    const unknown = await signInWithPassword(ctx.handle.db, { email: "nobody@carrier.demo", password: "not-the-password-1", code: "123456" }, meta);
    expect(wrong).toEqual({ ok: false, failure: "invalid_credentials" });
    expect(unknown).toEqual({ ok: false, failure: "invalid_credentials" });
    expect(await auditActions("auditor@carrier.demo")).toContain("auth.sign_in_failed");
    expect(await auditActions("nobody@carrier.demo")).toContain("auth.sign_in_failed");
  });

  it("refuses a wrong one-time code", async () => {
    const email = "operator@carrier.demo";
    const code = demoCode(email, Date.now() + 10 * STEP); // a code from five minutes ahead
    const result = await signInWithPassword(ctx.handle.db, { email, password: DEMO_PASSWORD, code }, meta);
    expect(result).toEqual({ ok: false, failure: "invalid_credentials" });
  });

  it("accepts each one-time code once: the same code again is refused", async () => {
    const email = "investigator@carrier.demo";
    const code = demoCode(email);
    const first = await signInWithPassword(ctx.handle.db, { email, password: DEMO_PASSWORD, code }, meta);
    const again = await signInWithPassword(ctx.handle.db, { email, password: DEMO_PASSWORD, code }, meta);
    expect(first.ok).toBe(true);
    expect(again).toEqual({ ok: false, failure: "invalid_credentials" });
    // An older code (previous step, still within the drift window) is refused too.
    const older = await signInWithPassword(ctx.handle.db, { email, password: DEMO_PASSWORD, code: demoCode(email, Date.now() - STEP) }, meta);
    expect(older.ok).toBe(false);
  });

  it("a disabled user loses access on their very next request", async () => {
    const email = "operator@bank0101.demo";
    const result = await signInWithPassword(ctx.handle.db, { email, password: DEMO_PASSWORD, code: demoCode(email) }, meta);
    if (!result.ok) throw new Error("sign-in failed");
    expect("actor" in (await loadSessionActor(ctx.handle.db, result.sessionId, meta))).toBe(true);
    await ctx.handle.db
      .update(users)
      .set({ status: "disabled", sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.email, email));
    expect(await loadSessionActor(ctx.handle.db, result.sessionId, meta)).toEqual({ problem: "disabled" });
    // And it stays ended, even if the user is enabled again.
    await ctx.handle.db.update(users).set({ status: "active" }).where(eq(users.email, email));
    expect(await loadSessionActor(ctx.handle.db, result.sessionId, meta)).toEqual({ problem: "ended" });
    const signInAgain = await signInWithPassword(ctx.handle.db, { email, password: DEMO_PASSWORD, code: demoCode(email, Date.now() + STEP) }, meta);
    expect(signInAgain.ok).toBe(true);
  });

  it("a role change voids open sessions; sign-out ends the session", async () => {
    const email = "investigator@bank0101.demo";
    const result = await signInWithPassword(ctx.handle.db, { email, password: DEMO_PASSWORD, code: demoCode(email) }, meta);
    if (!result.ok) throw new Error("sign-in failed");
    await ctx.handle.db.update(users).set({ roles: ["auditor"], sessionVersion: sql`${users.sessionVersion} + 1` }).where(eq(users.email, email));
    expect(await loadSessionActor(ctx.handle.db, result.sessionId, meta)).toEqual({ problem: "stale" });

    const other = await signInWithPassword(ctx.handle.db, { email: "manager@bank0101.demo", password: DEMO_PASSWORD, code: demoCode("manager@bank0101.demo") }, meta);
    if (!other.ok) throw new Error("sign-in failed");
    await endSession(ctx.handle.db, other.sessionId, "signed_out");
    expect(await loadSessionActor(ctx.handle.db, other.sessionId, meta)).toEqual({ problem: "ended" });
  });

  it("a session idle for 30 minutes or older than 12 hours is over", async () => {
    const email = "admin@bank0101.demo";
    const a = await signInWithPassword(ctx.handle.db, { email, password: DEMO_PASSWORD, code: demoCode(email) }, meta);
    if (!a.ok) throw new Error("sign-in failed");
    await ctx.handle.db.update(staffSessions).set({ lastSeenAt: new Date(Date.now() - 31 * 60_000) }).where(eq(staffSessions.id, a.sessionId));
    expect(await loadSessionActor(ctx.handle.db, a.sessionId, meta)).toEqual({ problem: "idle" });
    const b = await signInWithPassword(ctx.handle.db, { email, password: DEMO_PASSWORD, code: demoCode(email, Date.now() + STEP) }, meta);
    if (!b.ok) throw new Error("sign-in failed");
    await ctx.handle.db.update(staffSessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(staffSessions.id, b.sessionId));
    expect(await loadSessionActor(ctx.handle.db, b.sessionId, meta)).toEqual({ problem: "expired" });
  });

  it("a new user replaces the temporary password and enrols a one-time code at first sign-in", async () => {
    const email = "newcomer@carrier.demo";
    const step1 = await signInWithPassword(ctx.handle.db, { email, password: DEMO_PASSWORD }, meta);
    expect(step1).toEqual({ ok: false, failure: "password_change_required" });
    const weak = await signInWithPassword(ctx.handle.db, { email, password: DEMO_PASSWORD, newPassword: "short1" }, meta);
    expect(weak).toMatchObject({ ok: false, failure: "weak_password" });
    const step2 = await signInWithPassword(ctx.handle.db, { email, password: DEMO_PASSWORD, newPassword: "a-new-password-42" }, meta);
    expect(step2).toEqual({ ok: false, failure: "enrolment_required" });
    const enrol = await startEnrolment(ctx.handle.db, email, DEMO_PASSWORD, meta);
    if (!enrol.ok) throw new Error("enrolment refused");
    expect(enrol.enrolment.otpauthUri).toContain("otpauth://totp/");
    const done = await signInWithPassword(
      ctx.handle.db,
      { email, password: DEMO_PASSWORD, newPassword: "a-new-password-42", code: totpCode(enrol.enrolment.secret) },
      meta,
    );
    expect(done.ok).toBe(true);
    const [user] = await ctx.handle.db.select().from(users).where(eq(users.email, email));
    expect(user?.mustChangePassword).toBe(false);
    expect(user?.totpConfirmedAt).not.toBeNull();
    expect(user?.totpSecretEnc).not.toContain(enrol.enrolment.secret); // stored sealed, not in the clear
    // The old password no longer works; enrolment cannot be restarted to replace the factor.
    const old = await signInWithPassword(ctx.handle.db, { email, password: DEMO_PASSWORD, code: totpCode(enrol.enrolment.secret, Date.now() + STEP) }, meta);
    expect(old.ok).toBe(false);
    const again = await startEnrolment(ctx.handle.db, email, "a-new-password-42", meta);
    expect(again).toEqual({ ok: false, failure: "invalid_credentials" });
    expect(await auditActions(email)).toEqual(expect.arrayContaining(["auth.totp_enrolled", "auth.password_changed", "auth.signed_in"]));
  });
});

// A race is only provable with real concurrent connections: PostgreSQL only.
if (POSTGRES_URL) {
  describe("one-time codes under concurrency [postgres]", () => {
    it("the same code submitted by ten parallel sign-ins is accepted exactly once", async () => {
      const handle = await freshDatabase("postgres", 12);
      try {
        await seedOrganisationsAndStaff(handle.db);
        const email = "manager2@carrier.demo";
        const code = demoCode(email);
        const results = await Promise.all(
          Array.from({ length: 10 }, () => signInWithPassword(handle.db, { email, password: DEMO_PASSWORD, code }, meta)),
        );
        expect(results.filter((r) => r.ok)).toHaveLength(1);
        const sessions = await handle.db.select().from(staffSessions);
        expect(sessions).toHaveLength(1);
      } finally {
        await handle.close();
      }
    });
  });
}
