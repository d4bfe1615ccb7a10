import { desc, eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { auditLog, users } from "@/db/schema";
import { seedOrganisationsAndStaff } from "@/db/seed";
import { DEMO_PASSWORD } from "@/db/seed/staff";
import type { StaffActor } from "@/lib/auth/actor";
import { loadSessionActor } from "@/lib/auth/sessions";
import { signInWithPassword, startEnrolment } from "@/lib/auth/sign-in";
import { Conflict, Forbidden, NotFound } from "@/lib/errors";
import { errorToResponse } from "@/lib/http/problem";
import { CURSOR_ERROR } from "@/lib/http/cursor";
import { approveRoleGrant } from "@/lib/users/grants";
import { SELF_CHANGE_FORBIDDEN } from "@/lib/users/schemas";
import {
  changeRoles,
  createStaff,
  disableUser,
  enableUser,
  endSessions,
  getStaffMember,
  listStaff,
  renameStaff,
  resetPassword,
  updateStaff,
} from "@/lib/users/service";
import { describeEachDb } from "../support/db";
import { demoCode, totpCode } from "../support/totp";
import { actorOf, meta, rejection, signedIn, userId } from "./support";

const STEP = 30_000;

describeEachDb("staff administration", (ctx) => {
  let carrierAdmin: StaffActor;
  let bankAdmin: StaffActor;

  beforeAll(async () => {
    await seedOrganisationsAndStaff(ctx.handle.db);
    carrierAdmin = await actorOf(ctx.handle.db, "admin@carrier.demo");
    bankAdmin = await actorOf(ctx.handle.db, "admin@bank0101.demo");
  });

  it("an admin creates a staff member who must change the temporary password and enrol TOTP at first sign-in", async () => {
    const db = ctx.handle.db;
    const created = await createStaff(bankAdmin, { email: "  New.Operator@Bank0101.demo ", displayName: "新人 オペレーター", roles: ["bank_operator"] });
    expect(created.user).toMatchObject({
      email: "new.operator@bank0101.demo",
      roles: ["bank_operator"],
      status: "active",
      enrolled: false,
      mustChangePassword: true,
      lastSignInAt: null,
      activeSessions: 0,
    });
    const temporary = created.temporaryPassword;
    expect(temporary.length).toBeGreaterThanOrEqual(16);
    const [row] = await db.select().from(users).where(eq(users.id, created.user.id));
    expect(row!.passwordHash).not.toContain(temporary);
    expect(row!.totpSecretEnc).toBeNull();

    const email = "new.operator@bank0101.demo";
    // The temporary password alone opens nothing: first a new password...
    expect(await signInWithPassword(db, { email, password: temporary }, meta)).toEqual({ ok: false, failure: "password_change_required" });
    const newPassword = "my-own-password-2020";
    // ...then a second factor.
    expect(await signInWithPassword(db, { email, password: temporary, newPassword }, meta)).toEqual({ ok: false, failure: "enrolment_required" });
    const enrolment = await startEnrolment(db, email, temporary, meta);
    if (!enrolment.ok) throw new Error(`enrolment refused: ${enrolment.failure}`);
    const first = await signInWithPassword(db, { email, password: temporary, newPassword, code: totpCode(enrolment.enrolment.secret) }, meta);
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const loaded = await loadSessionActor(db, first.sessionId, meta);
    expect("actor" in loaded && loaded.actor).toMatchObject({ email, roles: ["bank_operator"], bankId: bankAdmin.bankId });

    // The temporary password is spent; the new one and the enrolled authenticator work.
    const again = await signInWithPassword(db, { email, password: temporary, code: totpCode(enrolment.enrolment.secret, Date.now() + STEP) }, meta);
    expect(again.ok).toBe(false);
    const withNew = await signInWithPassword(db, { email, password: newPassword, code: totpCode(enrolment.enrolment.secret, Date.now() + STEP) }, meta);
    expect(withNew.ok).toBe(true);
    const member = await getStaffMember(bankAdmin, created.user.id);
    expect(member).toMatchObject({ enrolled: true, mustChangePassword: false });
    expect(member.lastSignInAt).not.toBeNull();
    expect(member.activeSessions).toBe(2);
  });

  it("duplicate e-mail is a 409 naming the email field", async () => {
    const err = await rejection(createStaff(carrierAdmin, { email: "ADMIN@bank0108.demo", displayName: "Someone", roles: ["auditor"] }));
    expect(err).toBeInstanceOf(Conflict);
    const response = errorToResponse(err, "req-1");
    expect(response.status).toBe(409);
    const body = (await response.json()) as { errors?: Record<string, unknown> };
    expect(body.errors).toEqual({ email: { code: "email_taken" } });
  });

  it("refuses a new staff member without a valid e-mail or any role, naming each field", async () => {
    const err = await rejection(createStaff(carrierAdmin, { email: "not-an-email", displayName: "", roles: [] }));
    const response = errorToResponse(err, "req-2");
    expect(response.status).toBe(422);
    const body = (await response.json()) as { errors: Record<string, unknown> };
    expect(body.errors).toEqual({ email: { code: "email", params: { format: "email", origin: "string" } }, displayName: { code: "required", params: { minimum: 1, inclusive: 1, origin: "string" } }, roles: { code: "roles", params: { minimum: 1, inclusive: 1, origin: "array" } } });
  });

  it("disabling a user ends their session on the very next request", async () => {
    const db = ctx.handle.db;
    const email = "operator@carrier.demo";
    const { sessionId } = await signedIn(db, email);
    const target = await userId(db, email);
    const result = await disableUser(carrierAdmin, target);
    expect(result.sessionsEnded).toBeGreaterThanOrEqual(1);
    expect(result.user).toMatchObject({ status: "disabled", activeSessions: 0 });
    expect(await loadSessionActor(db, sessionId, meta)).toEqual({ problem: "ended" });
    const refused = await signInWithPassword(db, { email, password: DEMO_PASSWORD, code: demoCode(email) }, meta);
    expect(refused.ok).toBe(false);
    expect((await rejection(disableUser(carrierAdmin, target))).fields).toEqual({ status: { code: "already_disabled" } });

    const enabled = await enableUser(carrierAdmin, target);
    expect(enabled.status).toBe("active");
    const back = await signInWithPassword(db, { email, password: DEMO_PASSWORD, code: demoCode(email, Date.now() + STEP) }, meta);
    expect(back.ok).toBe(true);
  });

  it("taking a role away ends the person's sessions at once; adding one or a new name does not", async () => {
    const db = ctx.handle.db;
    const email = "investigator2@carrier.demo";
    const target = await userId(db, email);
    const before = await signedIn(db, email);
    await renameStaff(carrierAdmin, target, "ミライ 調査（改名）");
    const renamed = await loadSessionActor(db, before.sessionId, meta);
    expect("actor" in renamed && renamed.actor.displayName).toBe("ミライ 調査（改名）");

    const added = await changeRoles(carrierAdmin, target, ["investigator", "auditor"]);
    expect(added.roles).toEqual(["investigator", "auditor"]);
    const stillIn = await loadSessionActor(db, before.sessionId, meta);
    expect("actor" in stillIn && stillIn.actor.roles).toEqual(["investigator", "auditor"]);

    const second = await signedIn(db, email);
    const member = await changeRoles(carrierAdmin, target, ["investigator"]);
    expect(member).toMatchObject({ roles: ["investigator"], activeSessions: 0 });
    expect(await loadSessionActor(db, before.sessionId, meta)).toEqual({ problem: "ended" });
    expect(await loadSessionActor(db, second.sessionId, meta)).toEqual({ problem: "ended" });
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.entityId, target)).orderBy(desc(auditLog.seq)).limit(1);
    expect(audit).toMatchObject({ action: "users.roles_changed", after: { roles: ["investigator"], removed: ["auditor"], sessionsEnded: 2 } });
    const after = await signedIn(db, email);
    expect(after.actor.roles).toEqual(["investigator"]);
  });

  it("ending a user's sessions signs them out everywhere", async () => {
    const db = ctx.handle.db;
    const email = "manager2@carrier.demo";
    const a = await signedIn(db, email);
    const b = await signedIn(db, email);
    const result = await endSessions(carrierAdmin, a.actor.userId);
    expect(result.sessionsEnded).toBe(2);
    expect(result.user.activeSessions).toBe(0);
    expect(await loadSessionActor(db, a.sessionId, meta)).toEqual({ problem: "ended" });
    expect(await loadSessionActor(db, b.sessionId, meta)).toEqual({ problem: "ended" });
  });

  it("a password reset gives a new temporary password, ends sessions and, if asked, a new TOTP enrolment", async () => {
    const db = ctx.handle.db;
    const email = "auditor@bank0101.demo";
    const open = await signedIn(db, email);
    const reset = await resetPassword(bankAdmin, open.actor.userId, { resetTotp: true });
    expect(reset.user).toMatchObject({ mustChangePassword: true, enrolled: false, activeSessions: 0 });
    expect(await loadSessionActor(db, open.sessionId, meta)).toEqual({ problem: "ended" });
    expect(await signInWithPassword(db, { email, password: DEMO_PASSWORD, code: demoCode(email) }, meta)).toEqual({ ok: false, failure: "invalid_credentials" });
    const newPassword = "after-reset-password-7";
    expect(await signInWithPassword(db, { email, password: reset.temporaryPassword!, newPassword }, meta)).toEqual({ ok: false, failure: "enrolment_required" });
    const enrolment = await startEnrolment(db, email, reset.temporaryPassword!, meta);
    if (!enrolment.ok) throw new Error("enrolment refused");
    expect(enrolment.enrolment.secret).not.toBe("");
    const signedInAgain = await signInWithPassword(db, { email, password: reset.temporaryPassword!, newPassword, code: totpCode(enrolment.enrolment.secret) }, meta);
    expect(signedInAgain.ok).toBe(true);
  });

  it("a bank admin cannot see or change another organisation's staff (404)", async () => {
    const db = ctx.handle.db;
    const listed = [];
    for (let cursor: string | undefined, pages = 0; pages < 50; pages++) {
      const page = await listStaff(bankAdmin, { cursor, limit: 2 });
      listed.push(...page.items);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(listed.length).toBeGreaterThanOrEqual(5);
    expect(listed.every((m) => m.email.endsWith("@bank0101.demo"))).toBe(true);
    expect(new Set(listed.map((m) => m.id)).size).toBe(listed.length);

    for (const email of ["operator@bank0108.demo", "admin@carrier.demo"]) {
      const other = await userId(db, email);
      const [before] = await db.select().from(users).where(eq(users.id, other));
      const attempts = [
        () => getStaffMember(bankAdmin, other),
        () => updateStaff(bankAdmin, other, { roles: ["auditor"], displayName: "taken over" }),
        () => disableUser(bankAdmin, other),
        () => enableUser(bankAdmin, other),
        () => endSessions(bankAdmin, other),
        () => resetPassword(bankAdmin, other, { resetTotp: true }),
      ];
      for (const attempt of attempts) {
        const err = await rejection(attempt());
        expect(err).toBeInstanceOf(NotFound);
        expect(err.status).toBe(404);
      }
      const [after] = await db.select().from(users).where(eq(users.id, other));
      expect(after).toEqual(before);
    }
    expect(await rejection(disableUser(bankAdmin, "not-a-uuid"))).toBeInstanceOf(NotFound);
  });

  it("nobody changes their own roles, password, second factor or status: 403 self_change_forbidden naming the field, nothing changes", async () => {
    const db = ctx.handle.db;
    const admin = await actorOf(db, "admin@bank0108.demo");
    const [before] = await db.select().from(users).where(eq(users.id, admin.userId));
    const attempts: [() => Promise<unknown>, string, string][] = [
      [() => changeRoles(admin, admin.userId, ["admin", "manager"]), "roles", "self_roles"],
      [() => changeRoles(admin, admin.userId, ["manager"]), "roles", "self_roles"],
      [() => updateStaff(admin, admin.userId, { roles: ["admin", "auditor"], displayName: "改名と同時に" }), "roles", "self_roles"],
      [() => resetPassword(admin, admin.userId, { resetTotp: true }), "password", "self_reset"],
      [() => resetPassword(admin, admin.userId), "password", "self_reset"],
      [() => disableUser(admin, admin.userId), "status", "self_disable"],
      [() => enableUser(admin, admin.userId), "status", "self_disable"],
    ];
    for (const [attempt, field, reason] of attempts) {
      const err = await rejection(attempt());
      expect(err.status).toBe(403);
      expect(err.fields).toEqual({ [field]: { code: reason } });
      const body = (await errorToResponse(err, "req-self").json()) as { code: string; status: number };
      expect(body).toMatchObject({ code: SELF_CHANGE_FORBIDDEN, status: 403 });
    }
    const [after] = await db.select().from(users).where(eq(users.id, admin.userId));
    expect(after).toEqual(before);
    // Renaming oneself is not a privilege: it goes through; the same roles sent back change nothing.
    expect((await updateStaff(admin, admin.userId, { displayName: "北星 管理者（改名）", roles: ["admin"] })).displayName).toBe("北星 管理者（改名）");
    await renameStaff(admin, admin.userId, before!.displayName);
  });

  it("the organisation always keeps an active admin: a second admin who was disabled cannot then disable the first", async () => {
    const db = ctx.handle.db;
    const first = await actorOf(db, "admin@bank0108.demo");
    // A seeded person (their credentials not issued by this admin) is made the bank's second admin.
    const created = { user: await changeRoles(first, await userId(db, "investigator@bank0108.demo"), ["admin"]) };
    // The bank's only admin cannot make a second one alone: the carrier's admin approves it.
    expect(created.user).toMatchObject({ roles: [], pendingGrant: { roles: ["admin"], revision: 1 } });
    await approveRoleGrant(carrierAdmin, created.user.pendingGrant!.id, { revision: 1 });
    // The second admin's request got past its session check just before they were disabled (a race).
    const second: StaffActor = { ...first, userId: created.user.id, email: created.user.email, displayName: created.user.displayName };
    await disableUser(first, created.user.id);
    const err = await rejection(disableUser(second, first.userId));
    expect(err.fields).toEqual({ status: { code: "last_admin" } });
    const drop = await rejection(changeRoles(second, first.userId, ["manager"]));
    expect(drop.fields).toEqual({ roles: { code: "last_admin" } });
    await enableUser(first, created.user.id);
  });

  if (ctx.kind === "postgres") {
    it("two admins disabling each other at the same moment: exactly one succeeds, an admin remains", async () => {
      const db = ctx.handle.db;
      const first = await actorOf(db, "admin@bank0108.demo");
      const second = await actorOf(db, "investigator@bank0108.demo");
      const results = await Promise.allSettled([disableUser(first, second.userId), disableUser(second, first.userId)]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect((refused.reason as Conflict).fields).toEqual({ status: { code: "last_admin" } });
      const admins = await db.select({ status: users.status }).from(users).where(eq(users.orgId, first.orgId));
      expect(admins.filter((a) => a.status === "active").length).toBeGreaterThanOrEqual(1);
    });
  }

  it("non-admins are forbidden", async () => {
    const db = ctx.handle.db;
    const target = await userId(db, "investigator@carrier.demo");
    for (const email of ["investigator@carrier.demo", "manager@carrier.demo", "auditor@carrier.demo", "operator@bank0101.demo", "manager@bank0101.demo"]) {
      const actor = await actorOf(db, email);
      const attempts = [
        () => listStaff(actor),
        () => getStaffMember(actor, target),
        () => createStaff(actor, { email: `x-${actor.userId}@carrier.demo`, displayName: "x", roles: ["admin"] }),
        () => updateStaff(actor, target, { roles: ["admin"] }),
        () => disableUser(actor, target),
        () => enableUser(actor, target),
        () => endSessions(actor, target),
        () => resetPassword(actor, target),
      ];
      for (const attempt of attempts) {
        const err = await rejection(attempt());
        expect(err, email).toBeInstanceOf(Forbidden);
        expect(err.status).toBe(403);
      }
    }
    const [row] = await db.select().from(users).where(eq(users.id, target));
    expect(row!.roles).toEqual(["investigator"]);
  });

  it("lists the organisation's staff newest first with roles, enrolment, last sign-in and live sessions", async () => {
    const db = ctx.handle.db;
    const all = [];
    for (let cursor: string | undefined, pages = 0; pages < 50; pages++) {
      const page = await listStaff(carrierAdmin, { cursor, limit: 3 });
      all.push(...page.items);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    const carrierUsers = await db.select({ id: users.id }).from(users).where(eq(users.orgId, carrierAdmin.orgId));
    expect(all.map((m) => m.id).sort()).toEqual(carrierUsers.map((u) => u.id).sort());
    const times = all.map((m) => m.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    const me = all.find((m) => m.email === "admin@carrier.demo")!;
    expect(me).toMatchObject({ isYou: true, enrolled: true, roles: ["admin"] });
    expect(me.activeSessions).toBeGreaterThanOrEqual(1);
    expect(me.lastSignInAt).not.toBeNull();
    const newcomer = all.find((m) => m.email === "newcomer@carrier.demo")!;
    expect(newcomer).toMatchObject({ enrolled: false, mustChangePassword: true, lastSignInAt: null, activeSessions: 0, isYou: false });
    expect(await rejection(listStaff(carrierAdmin, { cursor: "bm90LWEtY3Vyc29y" }))).toMatchObject({ status: 422, code: "invalid_cursor", fields: { cursor: { code: CURSOR_ERROR } } });
  });

  it("a change that alters nothing writes nothing", async () => {
    const db = ctx.handle.db;
    const target = await userId(db, "auditor@carrier.demo");
    const before = await db.select({ seq: auditLog.seq }).from(auditLog);
    await updateStaff(carrierAdmin, target, { roles: ["auditor"] });
    const after = await db.select({ seq: auditLog.seq }).from(auditLog);
    expect(after.length).toBe(before.length);
  });
});
