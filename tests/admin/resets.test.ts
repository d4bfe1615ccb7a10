import { asc, eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { POST as approveRoute } from "@/app/api/v1/admin/credential-resets/[resetId]/approve/route";
import { auditLog, credentialResets, users } from "@/db/schema";
import { seedOrganisationsAndStaff } from "@/db/seed";
import { DEMO_PASSWORD } from "@/db/seed/staff";
import type { StaffActor } from "@/lib/auth/actor";
import { verifyPassword } from "@/lib/auth/passwords";
import { loadSessionActor } from "@/lib/auth/sessions";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { approveRoleGrant } from "@/lib/users/grants";
import { approveCredentialReset, cancelCredentialReset, listCredentialResets, rejectCredentialReset, RESET_BLOCK_MESSAGES } from "@/lib/users/resets";
import { changeRoles, getStaffMember, resetPassword } from "@/lib/users/service";
import { describeEachDb } from "../support/db";
import { sessionCookie } from "../support/session-cookie";
import { demoCode } from "../support/totp";
import { actorOf, meta, rejection, signedIn, userId } from "./support";

/**
 * Four-eyes for credentials: a reset of the password or second factor of a manager or admin waits
 * for a second administrator (the same people who approve role grants), changes nothing until
 * then, and its temporary password goes to the approver alone. The maker never approves, by any
 * path. Everyone else's reset stays immediate.
 */
describeEachDb("credential resets of managers and admins wait for a second administrator", (ctx) => {
  let carrierAdmin: StaffActor;
  let carrierAdmin2: StaffActor;
  let bankAdmin: StaffActor;

  beforeAll(async () => {
    await seedOrganisationsAndStaff(ctx.handle.db);
    carrierAdmin = await actorOf(ctx.handle.db, "admin@carrier.demo");
    carrierAdmin2 = await actorOf(ctx.handle.db, "admin2@carrier.demo");
    bankAdmin = await actorOf(ctx.handle.db, "admin@bank0101.demo");
  });

  async function userRow(id: string) {
    const [row] = await ctx.handle.db.select().from(users).where(eq(users.id, id));
    return row!;
  }

  async function auditOf(entityId: string) {
    return ctx.handle.db.select().from(auditLog).where(eq(auditLog.entityId, entityId)).orderBy(asc(auditLog.seq));
  }

  it("an admin's reset of a manager is pending and changes nothing: no password for the maker, the session lives on, audited", async () => {
    const db = ctx.handle.db;
    const email = "manager2@carrier.demo";
    const target = await userId(db, email);
    const open = await signedIn(db, email);
    const before = await userRow(target);

    const asked = await resetPassword(carrierAdmin, target, { resetTotp: true });
    expect(asked.temporaryPassword).toBeNull();
    expect(asked.user).toMatchObject({ enrolled: true, mustChangePassword: false, pendingReset: { resetTotp: true, revision: 1, requestedBy: carrierAdmin.displayName } });
    expect(await userRow(target)).toEqual(before);
    expect("actor" in (await loadSessionActor(db, open.sessionId, meta))).toBe(true);

    const resetId = asked.user.pendingReset!.id;
    const listed = (await listCredentialResets(carrierAdmin2)).resets.find((r) => r.id === resetId)!;
    expect(listed).toMatchObject({ status: "pending", email, resetTotp: true, currentRoles: ["manager"], approvers: { who: "organisation", names: [carrierAdmin2.displayName] } });
    expect(listed.viewer).toEqual({ canApprove: true, approveBlockedBy: null, canCancel: false });
    const asMaker = (await listCredentialResets(carrierAdmin)).resets.find((r) => r.id === resetId)!;
    expect(asMaker.viewer).toEqual({ canApprove: false, approveBlockedBy: "own_request", canCancel: true });

    const audit = await auditOf(resetId);
    expect(audit.map((a) => [a.action, a.actorUserId])).toEqual([["users.credential_reset_requested", carrierAdmin.userId]]);
    expect(audit[0]).toMatchObject({ entityType: "credential_reset", after: { userId: target, resetTotp: true, status: "pending", email, roles: ["manager"] } });
    expect((await auditOf(target)).some((a) => a.action === "users.password_reset")).toBe(false);
  });

  it("the maker cannot approve or reject it, by the API with their session or by the service; only a second admin's approval resets, ends sessions and hands them the password", async () => {
    const db = ctx.handle.db;
    const email = "manager2@carrier.demo";
    const target = await userId(db, email);
    const resetId = (await getStaffMember(carrierAdmin, target)).pendingReset!.id;
    const open = await signedIn(db, email);
    const before = await userRow(target);

    // By the API, as the maker's browser would send it.
    const maker = await signedIn(db, "admin@carrier.demo");
    const res = await approveRoute(
      new Request(`http://localhost/api/v1/admin/credential-resets/${resetId}/approve`, {
        method: "POST",
        headers: { host: "localhost", origin: "http://localhost", "content-type": "application/json", cookie: await sessionCookie(maker.sessionId) },
        body: JSON.stringify({ revision: 1 }),
      }),
      { params: Promise.resolve({ resetId }) },
    );
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await res.text()).not.toMatch(/temporaryPassword/);
    // By the service, with the maker's session.
    const own = await rejection(approveCredentialReset(maker.actor, resetId, { revision: 1 }));
    expect(own.status).toBe(403);
    expect(own.message).toBe(RESET_BLOCK_MESSAGES.own_request);
    expect((await rejection(rejectCredentialReset(maker.actor, resetId))).status).toBe(403);
    // A bank's admin does not even see it.
    expect((await rejection(approveCredentialReset(bankAdmin, resetId, { revision: 1 }))).status).toBe(404);
    expect(await userRow(target)).toEqual(before);
    expect("actor" in (await loadSessionActor(db, open.sessionId, meta))).toBe(true);

    const approved = await approveCredentialReset(carrierAdmin2, resetId, { revision: 1, note: "Phone lost, confirmed by call-back" });
    expect(approved.reset).toMatchObject({ status: "applied", decidedBy: { id: carrierAdmin2.userId }, decisionNote: "Phone lost, confirmed by call-back" });
    expect(approved.temporaryPassword).toMatch(/^\S{5}-\S{5}-\S{5}-\S{5}$/);

    const after = await userRow(target);
    expect(after).toMatchObject({ mustChangePassword: true, totpSecretEnc: null, totpConfirmedAt: null, sessionVersion: before.sessionVersion + 1 });
    expect(await verifyPassword(after.passwordHash, approved.temporaryPassword)).toBe(true);
    expect(await loadSessionActor(db, open.sessionId, meta)).toEqual({ problem: "ended" });
    expect(await signInWithPassword(db, { email, password: DEMO_PASSWORD, code: demoCode(email) }, meta)).toEqual({ ok: false, failure: "invalid_credentials" });
    expect(await signInWithPassword(db, { email, password: approved.temporaryPassword, newPassword: "after-four-eyes-reset-9" }, meta)).toEqual({ ok: false, failure: "enrolment_required" });
    // The approver received the password: they issued the current credentials, and the person's own sign-in leaves that.
    expect((await userRow(target)).credentialsIssuedBy).toBe(carrierAdmin2.userId);
    expect((await getStaffMember(carrierAdmin, target)).pendingReset).toBeNull();
    // Decided: neither approving again nor withdrawing it changes anything.
    expect((await rejection(approveCredentialReset(carrierAdmin2, resetId, { revision: 1 }))).status).toBe(409);
    expect((await rejection(cancelCredentialReset(carrierAdmin, resetId))).status).toBe(409);

    const [done] = (await auditOf(target)).filter((a) => a.action === "users.password_reset");
    expect(done).toMatchObject({
      actorUserId: carrierAdmin2.userId,
      after: { totpReset: true, mustChangePassword: true, enrolled: false, sessionsEnded: 2, resetId, requestedBy: carrierAdmin.userId, approvedBy: carrierAdmin2.userId },
    });
    const everything = JSON.stringify(await db.select().from(auditLog));
    expect(everything).not.toContain(approved.temporaryPassword);
    expect(everything).not.toContain(after.passwordHash);
  });

  it("nobody decides a reset of their own account: an admin's reset of the other admin waits for someone else", async () => {
    const asked = await resetPassword(carrierAdmin, carrierAdmin2.userId);
    expect(asked.temporaryPassword).toBeNull();
    const resetId = asked.user.pendingReset!.id;
    const self = await rejection(approveCredentialReset(carrierAdmin2, resetId, { revision: 1 }));
    expect(self.status).toBe(403);
    expect(self.message).toBe(RESET_BLOCK_MESSAGES.own_account);
    const view = (await listCredentialResets(carrierAdmin2)).resets.find((r) => r.id === resetId)!;
    expect(view).toMatchObject({ approvers: { who: "organisation", names: [] }, viewer: { canApprove: false, approveBlockedBy: "own_account" } });
    // Only the maker withdraws it, audited.
    expect((await rejection(cancelCredentialReset(carrierAdmin2, resetId))).status).toBe(403);
    expect(await cancelCredentialReset(carrierAdmin, resetId, { note: "Asked by mistake" })).toMatchObject({ status: "cancelled", decisionNote: "Asked by mistake" });
    expect((await auditOf(resetId)).map((a) => a.action)).toEqual(["users.credential_reset_requested", "users.credential_reset_cancelled"]);
  });

  it("a bank with a single admin: its reset of its manager goes to the carrier's admins, never to its own admin or another bank's", async () => {
    const db = ctx.handle.db;
    const target = await userId(db, "manager@bank0101.demo");
    const before = await userRow(target);
    const asked = await resetPassword(bankAdmin, target);
    expect(asked.temporaryPassword).toBeNull();
    const resetId = asked.user.pendingReset!.id;
    expect((await rejection(approveCredentialReset(bankAdmin, resetId, { revision: 1 }))).status).toBe(403);
    const otherBank = await actorOf(db, "admin@bank0108.demo");
    expect((await rejection(approveCredentialReset(otherBank, resetId, { revision: 1 }))).status).toBe(404);
    expect((await listCredentialResets(otherBank)).resets.some((r) => r.id === resetId)).toBe(false);

    const asBank = (await listCredentialResets(bankAdmin)).resets.find((r) => r.id === resetId)!;
    expect(asBank.approvers.who).toBe("carrier");
    expect(asBank.approvers.names.sort()).toEqual([carrierAdmin.displayName, carrierAdmin2.displayName].sort());
    expect(await userRow(target)).toEqual(before);

    const approved = await approveCredentialReset(carrierAdmin, resetId, { revision: 1 });
    expect(approved.reset).toMatchObject({ status: "applied", bankCode: "0101" });
    expect(await verifyPassword((await userRow(target)).passwordHash, approved.temporaryPassword)).toBe(true);
    const [done] = (await auditOf(target)).filter((a) => a.action === "users.password_reset");
    expect(done).toMatchObject({ actorUserId: carrierAdmin.userId, bankId: bankAdmin.bankId, after: { resetId, requestedBy: bankAdmin.userId, approvedBy: carrierAdmin.userId } });
  });

  it("operators, investigators and auditors are reset at once; someone being granted manager waits like a manager", async () => {
    const db = ctx.handle.db;
    for (const email of ["operator@carrier.demo", "investigator@carrier.demo", "auditor@carrier.demo"]) {
      const reset = await resetPassword(carrierAdmin, await userId(db, email));
      expect(reset.temporaryPassword, email).toMatch(/^\S{5}-\S{5}-\S{5}-\S{5}$/);
      expect(reset.user).toMatchObject({ mustChangePassword: true, pendingReset: null });
      expect(await verifyPassword((await userRow(reset.user.id)).passwordHash, reset.temporaryPassword!)).toBe(true);
    }
    // A reset slipped in before a manager grant is approved would hand the maker a manager.
    const target = await userId(db, "investigator2@carrier.demo");
    await changeRoles(carrierAdmin, target, ["investigator", "manager"]);
    const before = await userRow(target);
    const asked = await resetPassword(carrierAdmin, target);
    expect(asked).toMatchObject({ temporaryPassword: null, user: { roles: ["investigator"], pendingGrant: { roles: ["manager"] }, pendingReset: { resetTotp: false } } });
    expect(await userRow(target)).toEqual(before);
  });

  it("another admin cannot rewrite a waiting reset (409); the maker asking again revises it and voids the review; a rejection changes nothing", async () => {
    const db = ctx.handle.db;
    const target = await userId(db, "investigator2@carrier.demo");
    const resetId = (await getStaffMember(carrierAdmin, target)).pendingReset!.id;
    const before = await userRow(target);

    const other = await rejection(resetPassword(carrierAdmin2, target, { resetTotp: true }));
    expect(other.status).toBe(409);
    expect(other.fields).toEqual({ password: { code: "reset_pending_by_other" } });
    // The same reset asked by another admin is the same request.
    expect((await resetPassword(carrierAdmin2, target)).user.pendingReset).toMatchObject({ id: resetId, revision: 1 });

    const revised = await resetPassword(carrierAdmin, target, { resetTotp: true });
    expect(revised.user.pendingReset).toMatchObject({ id: resetId, resetTotp: true, revision: 2 });
    const stale = await rejection(approveCredentialReset(carrierAdmin2, resetId, { revision: 1 }));
    expect(stale.status).toBe(409);
    expect(await userRow(target)).toEqual(before);

    expect(await rejectCredentialReset(carrierAdmin2, resetId, { revision: 2, note: "Not asked by the person" })).toMatchObject({ status: "rejected", decidedBy: { id: carrierAdmin2.userId } });
    expect(await userRow(target)).toEqual(before);
    expect((await auditOf(resetId)).map((a) => [a.action, a.actorUserId])).toEqual([
      ["users.credential_reset_requested", carrierAdmin.userId],
      ["users.credential_reset_revised", carrierAdmin.userId],
      ["users.credential_reset_rejected", carrierAdmin2.userId],
    ]);
    const [row] = await db.select().from(credentialResets).where(eq(credentialResets.id, resetId));
    expect(row).toMatchObject({ status: "rejected", decidedBy: carrierAdmin2.userId, decisionNote: "Not asked by the person" });
  });

  if (ctx.kind === "postgres") {
    it("two admins approving the same reset at the same moment: it is applied once, the other gets 409, and only the winner's password works", async () => {
      const db = ctx.handle.db;
      // A third admin: a seeded investigator (whose credentials these admins did not issue) made one.
      const asked = await changeRoles(carrierAdmin, await userId(db, "investigator2@carrier.demo"), ["admin"]);
      await approveRoleGrant(carrierAdmin2, asked.pendingGrant!.id, { revision: asked.pendingGrant!.revision });
      const carrierAdmin3 = await actorOf(db, "investigator2@carrier.demo");
      const target = await userId(db, "manager@carrier.demo");
      for (let round = 0; round < 4; round++) {
        const resetId = (await resetPassword(carrierAdmin, target, { resetTotp: round % 2 === 0 })).user.pendingReset!.id;
        const results = await Promise.allSettled([
          approveCredentialReset(carrierAdmin2, resetId, { revision: 1 }),
          approveCredentialReset(carrierAdmin3, resetId, { revision: 1 }),
          approveCredentialReset(carrierAdmin2, resetId, { revision: 1 }),
        ]);
        const won = results.filter((r) => r.status === "fulfilled");
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
        expect(won).toHaveLength(1);
        expect(lost.map((r) => (r.reason as { status: number }).status)).toEqual([409, 409]);
        const row = await userRow(target);
        expect(await verifyPassword(row.passwordHash, won[0]!.value.temporaryPassword)).toBe(true);
        const applied = (await auditOf(target)).filter((a) => a.action === "users.password_reset" && (a.after as { resetId?: string }).resetId === resetId);
        expect(applied).toHaveLength(1);
      }
    });
  }
});
