import { and, asc, eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { auditLog, roleGrants, users } from "@/db/schema";
import { seedOrganisationsAndStaff } from "@/db/seed";
import type { StaffActor } from "@/lib/auth/actor";
import { loadSessionActor } from "@/lib/auth/sessions";
import { approveRoleGrant, cancelRoleGrant, GRANT_BLOCK_MESSAGES, listRoleGrants, rejectRoleGrant } from "@/lib/users/grants";
import { approveCredentialReset } from "@/lib/users/resets";
import { changeRoles, createStaff, getStaffMember, resetPassword } from "@/lib/users/service";
import { describeEachDb } from "../support/db";
import { actorOf, meta, rejection, signedIn, userId } from "./support";

/**
 * Four-eyes for roles: manager and admin are granted only when a second administrator approves
 * (an admin of the same organisation; the carrier's for a bank with a single admin). The maker
 * never approves, by any path; every step is in the audit log.
 */
describeEachDb("role grants: manager and admin wait for a second administrator", (ctx) => {
  let carrierAdmin: StaffActor;
  let carrierAdmin2: StaffActor;
  let bankAdmin: StaffActor;

  beforeAll(async () => {
    await seedOrganisationsAndStaff(ctx.handle.db);
    carrierAdmin = await actorOf(ctx.handle.db, "admin@carrier.demo");
    carrierAdmin2 = await actorOf(ctx.handle.db, "admin2@carrier.demo");
    bankAdmin = await actorOf(ctx.handle.db, "admin@bank0101.demo");
  });

  /** A third carrier admin (a seeded investigator made one): a person one admin created needs two others to become a manager. */
  async function thirdCarrierAdmin(): Promise<StaffActor> {
    await ctx.handle.db.update(users).set({ roles: ["admin"] }).where(eq(users.email, "investigator2@carrier.demo"));
    return actorOf(ctx.handle.db, "investigator2@carrier.demo");
  }

  async function rolesOf(id: string) {
    const [row] = await ctx.handle.db.select({ roles: users.roles }).from(users).where(eq(users.id, id));
    return row!.roles;
  }

  async function auditOf(entityId: string) {
    return ctx.handle.db.select().from(auditLog).where(eq(auditLog.entityId, entityId)).orderBy(asc(auditLog.seq));
  }

  it("a manager grant stays pending (the person keeps their other roles) until a second admin approves; then it takes effect, all audited", async () => {
    const db = ctx.handle.db;
    const email = "investigator@carrier.demo";
    const target = await userId(db, email);
    const open = await signedIn(db, email);

    const asked = await changeRoles(carrierAdmin, target, ["investigator", "manager"]);
    expect(asked).toMatchObject({ roles: ["investigator"], pendingGrant: { roles: ["manager"], revision: 1, requestedBy: carrierAdmin.displayName } });
    expect(await rolesOf(target)).toEqual(["investigator"]);
    // Nothing of the grant reaches the person's session until it is approved.
    const meanwhile = await loadSessionActor(db, open.sessionId, meta);
    expect("actor" in meanwhile && meanwhile.actor.roles).toEqual(["investigator"]);

    const listed = (await listRoleGrants(carrierAdmin2)).grants.find((g) => g.userId === target)!;
    expect(listed).toMatchObject({ status: "pending", roles: ["manager"], currentRoles: ["investigator"], approvers: { who: "organisation", names: [carrierAdmin2.displayName] } });
    expect(listed.viewer).toEqual({ canApprove: true, approveBlockedBy: null, canCancel: false });
    const asMaker = (await listRoleGrants(carrierAdmin)).grants.find((g) => g.userId === target)!;
    expect(asMaker.viewer).toEqual({ canApprove: false, approveBlockedBy: "own_request", canCancel: true });

    const approved = await approveRoleGrant(carrierAdmin2, listed.id, { revision: 1, note: "Confirmed with HR" });
    expect(approved).toMatchObject({ status: "applied", decidedBy: { id: carrierAdmin2.userId }, decisionNote: "Confirmed with HR" });
    expect(await rolesOf(target)).toEqual(["investigator", "manager"]);
    // An added role needs no new sign-in: the open session sees it on its next request.
    const now = await loadSessionActor(db, open.sessionId, meta);
    expect("actor" in now && now.actor.roles).toEqual(["investigator", "manager"]);
    expect((await getStaffMember(carrierAdmin, target)).pendingGrant).toBeNull();

    const grantAudit = await auditOf(listed.id);
    expect(grantAudit.map((a) => [a.action, a.actorUserId])).toEqual([["users.role_grant_requested", carrierAdmin.userId]]);
    const [granted] = (await auditOf(target)).filter((a) => a.action === "users.role_granted");
    expect(granted).toMatchObject({
      actorUserId: carrierAdmin2.userId,
      before: { roles: ["investigator"] },
      after: { roles: ["investigator", "manager"], granted: ["manager"], grantId: listed.id, requestedBy: carrierAdmin.userId, approvedBy: carrierAdmin2.userId },
    });
  });

  it("the maker cannot approve or reject their own grant, nor the grantee; nothing changes and the maker may withdraw it", async () => {
    const db = ctx.handle.db;
    // The carrier admin asks for manager for the other carrier admin: neither of them may decide.
    const asked = await changeRoles(carrierAdmin, carrierAdmin2.userId, ["manager", "admin"]);
    const grantId = asked.pendingGrant!.id;
    const own = await rejection(approveRoleGrant(carrierAdmin, grantId, { revision: 1 }));
    expect(own.status).toBe(403);
    expect(own.message).toBe(GRANT_BLOCK_MESSAGES.own_request);
    expect((await rejection(rejectRoleGrant(carrierAdmin, grantId))).status).toBe(403);
    const grantee = await rejection(approveRoleGrant(carrierAdmin2, grantId, { revision: 1 }));
    expect(grantee.status).toBe(403);
    expect(grantee.message).toBe(GRANT_BLOCK_MESSAGES.own_grant);
    // Asking again through the staff API with the same roles does not apply it either.
    expect((await changeRoles(carrierAdmin, carrierAdmin2.userId, ["manager", "admin"])).roles).toEqual(["admin"]);
    expect(await rolesOf(carrierAdmin2.userId)).toEqual(["admin"]);
    // A bank's admin does not even see it.
    expect((await rejection(approveRoleGrant(bankAdmin, grantId, { revision: 1 }))).status).toBe(404);
    const view = (await listRoleGrants(carrierAdmin)).grants.find((g) => g.id === grantId)!;
    expect(view.approvers).toEqual({ who: "organisation", names: [] });

    expect((await rejection(cancelRoleGrant(carrierAdmin2, grantId))).status).toBe(403);
    expect(await cancelRoleGrant(carrierAdmin, grantId, { note: "Asked the wrong person" })).toMatchObject({ status: "cancelled" });
    expect(await rolesOf(carrierAdmin2.userId)).toEqual(["admin"]);
    expect((await auditOf(grantId)).map((a) => a.action)).toEqual(["users.role_grant_requested", "users.role_grant_cancelled"]);
    const [row] = await db.select().from(roleGrants).where(eq(roleGrants.id, grantId));
    expect(row).toMatchObject({ status: "cancelled", decidedBy: carrierAdmin.userId });
  });

  it("the creator cannot ask for a manager role for the person they create (403 credential_issuer_forbidden naming roles): nothing is created", async () => {
    const refused = await rejection(createStaff(carrierAdmin, { email: "new.manager@carrier.demo", displayName: "新任 マネージャー", roles: ["manager", "auditor"] }));
    expect(refused).toMatchObject({ status: 403, code: "credential_issuer_forbidden", fields: { roles: { code: "credential_issuer" } } });
    expect(await ctx.handle.db.select().from(users).where(eq(users.email, "new.manager@carrier.demo"))).toEqual([]);
  });

  it("the creator cannot ask for the person's manager grant nor approve (or reject) one another admin asked for; a third admin can; a rejected grant leaves the roles unchanged", async () => {
    const carrierAdmin3 = await thirdCarrierAdmin();
    const created = await createStaff(carrierAdmin, { email: "created.by.one@carrier.demo", displayName: "サクセイ イチロウ", roles: ["auditor"] });
    const [row] = await ctx.handle.db.select({ issuer: users.credentialsIssuedBy }).from(users).where(eq(users.id, created.user.id));
    expect(row!.issuer).toBe(carrierAdmin.userId);
    const asked = await rejection(changeRoles(carrierAdmin, created.user.id, ["auditor", "manager"]));
    expect(asked).toMatchObject({ status: 403, code: "credential_issuer_forbidden", fields: { roles: { code: "credential_issuer" } } });

    const grantId = (await changeRoles(carrierAdmin2, created.user.id, ["auditor", "manager"])).pendingGrant!.id;
    for (const decide of [approveRoleGrant, rejectRoleGrant]) {
      const refused = await rejection(decide(carrierAdmin, grantId, { revision: 1 }));
      expect(refused).toMatchObject({ status: 403, code: "credential_issuer_forbidden", message: GRANT_BLOCK_MESSAGES.credential_issuer });
    }
    const seen = (await listRoleGrants(carrierAdmin)).grants.find((g) => g.id === grantId)!;
    expect(seen.viewer).toMatchObject({ canApprove: false, approveBlockedBy: "credential_issuer" });
    expect(seen.approvers.names).toEqual([carrierAdmin3.displayName]);
    expect(await rolesOf(created.user.id)).toEqual(["auditor"]);

    const rejected = await rejectRoleGrant(carrierAdmin3, grantId, { revision: 1, note: "Not agreed with the business" });
    expect(rejected).toMatchObject({ status: "rejected", decidedBy: { id: carrierAdmin3.userId }, currentRoles: ["auditor"] });
    expect(await rolesOf(created.user.id)).toEqual(["auditor"]);
    const audit = await auditOf(grantId);
    expect(audit.map((a) => [a.action, a.actorUserId])).toEqual([
      ["users.role_grant_requested", carrierAdmin2.userId],
      ["users.role_grant_rejected", carrierAdmin3.userId],
    ]);
    expect(audit[1]!.after).toMatchObject({ status: "rejected", note: "Not agreed with the business" });

    const again = (await changeRoles(carrierAdmin2, created.user.id, ["auditor", "manager"])).pendingGrant!.id;
    expect(await approveRoleGrant(carrierAdmin3, again, { revision: 1 })).toMatchObject({ status: "applied", currentRoles: ["manager", "auditor"] });
  });

  it("after admin A resets an operator, A cannot ask for or approve their manager grant; a grant whose maker became the issuer is approved by nobody", async () => {
    const db = ctx.handle.db;
    const carrierAdmin3 = await thirdCarrierAdmin();
    const target = await userId(db, "newcomer@carrier.demo");
    const reset = await resetPassword(carrierAdmin2, target, { resetTotp: true });
    expect(reset.temporaryPassword).toEqual(expect.any(String));
    const [row] = await db.select({ issuer: users.credentialsIssuedBy }).from(users).where(eq(users.id, target));
    expect(row!.issuer).toBe(carrierAdmin2.userId);
    expect(await rejection(changeRoles(carrierAdmin2, target, ["investigator", "manager"]))).toMatchObject({ status: 403, code: "credential_issuer_forbidden" });

    const grantId = (await changeRoles(carrierAdmin, target, ["investigator", "manager"])).pendingGrant!.id;
    expect(await rejection(approveRoleGrant(carrierAdmin2, grantId, { revision: 1 }))).toMatchObject({ status: 403, code: "credential_issuer_forbidden" });

    // The grant's maker asks for a reset meanwhile (it waits: a grant is waiting).
    const asked = await resetPassword(carrierAdmin, target, {});
    expect(asked.temporaryPassword).toBeNull();
    // Approved by the third admin, who becomes the issuer: now the third cannot approve the grant, admin2 can.
    const approvedReset = await approveCredentialReset(carrierAdmin3, asked.user.pendingReset!.id, { revision: 1 });
    expect(approvedReset.temporaryPassword).toEqual(expect.any(String));
    const [after] = await db.select({ issuer: users.credentialsIssuedBy }).from(users).where(eq(users.id, target));
    expect(after!.issuer).toBe(carrierAdmin3.userId);
    expect(await rejection(approveRoleGrant(carrierAdmin3, grantId, { revision: 1 }))).toMatchObject({ status: 403, code: "credential_issuer_forbidden" });
    expect(await approveRoleGrant(carrierAdmin2, grantId, { revision: 1 })).toMatchObject({ status: "applied" });

    // The maker of a waiting grant approves the person's reset and so becomes the issuer: nobody approves that grant.
    const other = await createStaff(carrierAdmin3, { email: "maker.becomes.issuer@carrier.demo", displayName: "ハッコウ ジロウ", roles: ["investigator"] });
    const waiting = (await changeRoles(carrierAdmin, other.user.id, ["investigator", "manager"])).pendingGrant!.id;
    const resetAsked = await resetPassword(carrierAdmin2, other.user.id, {});
    await approveCredentialReset(carrierAdmin, resetAsked.user.pendingReset!.id, { revision: 1 });
    for (const checker of [carrierAdmin2, carrierAdmin3]) {
      expect(await rejection(approveRoleGrant(checker, waiting, { revision: 1 }))).toMatchObject({ status: 403, code: "credential_issuer_forbidden" });
    }
    const view = (await listRoleGrants(carrierAdmin3)).grants.find((g) => g.id === waiting)!;
    expect(view.viewer).toMatchObject({ canApprove: false, approveBlockedBy: "credential_issuer", canCancel: false });
    expect(await cancelRoleGrant(carrierAdmin, waiting)).toMatchObject({ status: "cancelled" });
  });

  it("a bank with a single admin: its grant is approved by a carrier admin, never by the bank's admin or another bank's", async () => {
    const db = ctx.handle.db;
    const target = await userId(db, "operator@bank0101.demo");
    const asked = await changeRoles(bankAdmin, target, ["bank_operator", "manager"]);
    const grantId = asked.pendingGrant!.id;
    expect((await rejection(approveRoleGrant(bankAdmin, grantId, { revision: 1 }))).status).toBe(403);
    const otherBank = await actorOf(db, "admin@bank0108.demo");
    expect((await rejection(approveRoleGrant(otherBank, grantId, { revision: 1 }))).status).toBe(404);
    expect((await listRoleGrants(otherBank)).grants.some((g) => g.id === grantId)).toBe(false);

    const asBank = (await listRoleGrants(bankAdmin)).grants.find((g) => g.id === grantId)!;
    expect(asBank.approvers.who).toBe("carrier");
    expect(asBank.approvers.names.sort()).toEqual([carrierAdmin.displayName, carrierAdmin2.displayName, (await thirdCarrierAdmin()).displayName].sort());
    const asCarrier = (await listRoleGrants(carrierAdmin)).grants.find((g) => g.id === grantId)!;
    expect(asCarrier).toMatchObject({ bankCode: "0101", viewer: { canApprove: true } });

    expect(await approveRoleGrant(carrierAdmin, grantId, { revision: 1 })).toMatchObject({ status: "applied" });
    expect(await rolesOf(target)).toEqual(["bank_operator", "manager"]);
    const [granted] = (await auditOf(target)).filter((a) => a.action === "users.role_granted");
    expect(granted).toMatchObject({ actorUserId: carrierAdmin.userId, bankId: bankAdmin.bankId });
  });

  it("a bank that has a second admin decides its own grants: the carrier's admin is refused (403) and does not list them", async () => {
    const db = ctx.handle.db;
    const bank0108 = await actorOf(db, "admin@bank0108.demo");
    // A seeded person (no credentials issued by this admin) made the bank's second admin.
    const second = await changeRoles(bank0108, await userId(db, "investigator@bank0108.demo"), ["admin"]);
    await approveRoleGrant(carrierAdmin, second.pendingGrant!.id, { revision: 1 });
    const deputy = await actorOf(db, "investigator@bank0108.demo");
    expect(deputy.roles).toEqual(["admin"]);

    const target = await userId(db, "auditor@bank0108.demo");
    const grantId = (await changeRoles(bank0108, target, ["auditor", "manager"])).pendingGrant!.id;
    const refused = await rejection(approveRoleGrant(carrierAdmin, grantId, { revision: 1 }));
    expect(refused.status).toBe(403);
    expect(refused.message).toBe(GRANT_BLOCK_MESSAGES.needs_org_admin);
    expect((await listRoleGrants(carrierAdmin)).grants.some((g) => g.id === grantId)).toBe(false);
    expect(await approveRoleGrant(deputy, grantId, { revision: 1 })).toMatchObject({ status: "applied", currentRoles: ["manager", "auditor"] });
  });

  it("the maker revising a grant voids the review: approving the old revision is 409; another admin cannot rewrite it (409)", async () => {
    const db = ctx.handle.db;
    const target = await userId(db, "operator@carrier.demo");
    const first = await changeRoles(carrierAdmin, target, ["bank_operator", "manager"]);
    const grantId = first.pendingGrant!.id;
    expect(first.pendingGrant).toMatchObject({ roles: ["manager"], revision: 1 });

    // Another admin cannot rewrite the maker's grant through the staff API: they decide it instead.
    const other = await rejection(changeRoles(carrierAdmin2, target, ["bank_operator", "admin"]));
    expect(other.status).toBe(409);
    expect(other.fields).toEqual({ roles: { code: "grant_pending_by_other" } });

    const revised = await changeRoles(carrierAdmin, target, ["bank_operator", "manager", "admin"]);
    expect(revised.pendingGrant).toMatchObject({ id: grantId, roles: ["manager", "admin"], revision: 2 });
    const stale = await rejection(approveRoleGrant(carrierAdmin2, grantId, { revision: 1 }));
    expect(stale.status).toBe(409);
    expect(stale.fields?.revision).toEqual({ code: "stale_revision", params: { current: 2 } });
    expect(await rolesOf(target)).toEqual(["bank_operator"]);
    expect(await approveRoleGrant(carrierAdmin2, grantId, { revision: 2 })).toMatchObject({ status: "applied", currentRoles: ["bank_operator", "manager", "admin"] });
    expect((await auditOf(grantId)).map((a) => a.action)).toEqual(["users.role_grant_requested", "users.role_grant_revised"]);

    // Taking the privileged roles out of the change withdraws the maker's open grant.
    const target2 = await userId(db, "auditor@carrier.demo");
    const asked = await changeRoles(carrierAdmin, target2, ["auditor", "manager"]);
    const withdrawn = await changeRoles(carrierAdmin, target2, ["auditor", "investigator"]);
    expect(withdrawn).toMatchObject({ roles: ["investigator", "auditor"], pendingGrant: null });
    const [row] = await db.select().from(roleGrants).where(eq(roleGrants.id, asked.pendingGrant!.id));
    expect(row!.status).toBe("cancelled");
    expect(await db.select().from(roleGrants).where(and(eq(roleGrants.userId, target2), eq(roleGrants.status, "pending")))).toEqual([]);
  });

  if (ctx.kind === "postgres") {
    it("a checker approving while the maker withdraws, at the same moment: exactly one wins, the other gets 409, and the roles match the outcome", async () => {
      const outcomes = new Set<string>();
      for (let round = 0; round < 6; round++) {
        // Created by the third admin (the issuer), asked for by the first, decided by the second.
        const created = await createStaff(await thirdCarrierAdmin(), { email: `race-${round}@carrier.demo`, displayName: `競合 ${round}`, roles: ["investigator"] });
        const grantId = (await changeRoles(carrierAdmin, created.user.id, ["investigator", "manager"])).pendingGrant!.id;
        const [approval, withdrawal] = await Promise.allSettled([approveRoleGrant(carrierAdmin2, grantId, { revision: 1 }), cancelRoleGrant(carrierAdmin, grantId)]);
        const won = [approval, withdrawal].filter((r) => r.status === "fulfilled");
        const lost = [approval, withdrawal].filter((r): r is PromiseRejectedResult => r.status === "rejected");
        expect(won).toHaveLength(1);
        expect(lost.map((r) => (r.reason as { status: number }).status)).toEqual([409]);
        const [row] = await ctx.handle.db.select().from(roleGrants).where(eq(roleGrants.id, grantId));
        outcomes.add(row!.status);
        expect(await rolesOf(created.user.id)).toEqual(row!.status === "applied" ? ["investigator", "manager"] : ["investigator"]);
        expect((await auditOf(grantId)).length).toBe(row!.status === "applied" ? 1 : 2);
      }
      expect(outcomes.size).toBeGreaterThanOrEqual(1);
    });
  }
});
