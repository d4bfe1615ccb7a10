import crypto from "node:crypto";
import { beforeAll, expect, it } from "vitest";
import type { Db } from "@/db";
import { apiKeys, users, type Role } from "@/db/schema";
import type { StaffActor } from "@/lib/auth/actor";
import { listAudit } from "@/lib/audit/query";
import { recordAudit } from "@/lib/audit/write";
import { describeEachDb } from "../support/db";
import { makeOrgs, staff, type TestOrgs } from "./support";

/**
 * The audit page names what entries name (banks, people, API keys) and links to it, within the
 * reader's scope: a bank's staff never see another bank's or organisation's names.
 */
describeEachDb("audit entries named in words", (ctx) => {
  let db: Db;
  let orgs: TestOrgs;
  let tag: string;

  /** A person in the users table (names are looked up there), acting as a staff actor. */
  async function person(orgId: string, kind: "carrier" | "bank", roles: Role[], name: string): Promise<StaffActor> {
    const email = `${name.replace(/\s/g, "").toLowerCase()}.${tag}@${kind}.test`;
    const [row] = await db.insert(users).values({ orgId, email, displayName: name, passwordHash: "x", roles }).returning({ id: users.id });
    return { ...staff(orgId, kind, roles, email), userId: row!.id, displayName: name };
  }

  let carrierInvestigator: StaffActor;
  let carrierAuditor: StaffActor;
  let bankAAuditor: StaffActor;
  let bankAAdmin: StaffActor;
  let bankBOperator: StaffActor;
  let bankBKeyId: string;

  beforeAll(async () => {
    db = ctx.handle.db;
    orgs = await makeOrgs(db);
    tag = `n${crypto.randomBytes(4).toString("hex")}`;
    carrierInvestigator = await person(orgs.carrierId, "carrier", ["investigator"], "Carrier Investigator");
    carrierAuditor = await person(orgs.carrierId, "carrier", ["auditor"], "Carrier Auditor");
    bankAAuditor = await person(orgs.bankA.id, "bank", ["auditor"], "Auditor A");
    bankAAdmin = await person(orgs.bankA.id, "bank", ["admin"], "Admin A");
    bankBOperator = await person(orgs.bankB.id, "bank", ["bank_operator"], "Operator B");
    const [key] = await db
      .insert(apiKeys)
      .values({ orgId: orgs.bankB.id, name: `bank-b-systems-${tag}`, prefix: "lgk_b", keyHash: crypto.randomBytes(16).toString("hex"), scopes: ["controls"] })
      .returning({ id: apiKeys.id });
    bankBKeyId = key!.id;

    // The carrier suspends bank A's charges, approved (as the entry says) by a person of bank B.
    await recordAudit(db, carrierInvestigator, {
      action: "control.tightened",
      entityType: "bank_control",
      entityId: `${orgs.bankA.code}:charges`,
      bankId: orgs.bankA.id,
      before: { state: "open", version: 1 },
      after: { state: "suspended", version: 2, reason: "fraud", approvedBy: bankBOperator.userId },
    });
    // Bank A's administrator changes the roles of bank A's auditor.
    await recordAudit(db, bankAAdmin, {
      action: "users.roles_changed",
      entityType: "user",
      entityId: bankAAuditor.userId,
      bankId: orgs.bankA.id,
      before: { email: bankAAuditor.email, roles: ["bank_operator"] },
      after: { email: bankAAuditor.email, roles: ["auditor"], removed: ["bank_operator"], sessionsEnded: 0 },
    });
    // Bank B's key, revoked by a carrier investigator (about bank B).
    await recordAudit(db, carrierInvestigator, {
      action: "api_keys.revoked",
      entityType: "api_key",
      entityId: bankBKeyId,
      bankId: orgs.bankB.id,
      before: { revoked: false },
      after: { revoked: true },
    });
  });

  const entries = async (reader: StaffActor) => (await listAudit(reader, { actor: tag })).items;

  it("names the bank of a control change by name and code and links its controls page", async () => {
    const [tightened] = (await entries(bankAAuditor)).filter((e) => e.action === "control.tightened");
    expect(tightened!.entity).toMatchObject({ type: "bank_control", control: "charges", href: `/controls/${orgs.bankA.code}` });
    expect(tightened!.entity.bank).toEqual({ code: orgs.bankA.code, nameJa: "A銀行", nameEn: "Bank A" });
    expect(tightened!.bank).toEqual({ code: orgs.bankA.code, nameJa: "A銀行", nameEn: "Bank A" });
  });

  it("names people by name and e-mail, and links the administration page for an administrator of their organisation", async () => {
    const [changed] = (await entries(bankAAdmin)).filter((e) => e.action === "users.roles_changed");
    expect(changed!.actorName).toBe("Admin A");
    expect(changed!.entity).toMatchObject({ type: "user", name: "Auditor A", detail: bankAAuditor.email, href: "/admin" });
    // An auditor reads the same entry without a link to a page their role cannot open.
    const [asAuditor] = (await entries(bankAAuditor)).filter((e) => e.action === "users.roles_changed");
    expect(asAuditor!.entity).toMatchObject({ name: "Auditor A", href: null });
  });

  it("a bank's staff never see another bank's people or keys named; the carrier's auditor sees them", async () => {
    const bankA = await entries(bankAAuditor);
    expect(bankA.map((e) => e.action).sort()).toEqual(["control.tightened", "users.roles_changed"]);
    const tightened = bankA.find((e) => e.action === "control.tightened")!;
    expect(tightened.people).toEqual({});
    expect(JSON.stringify(bankA)).not.toContain("Operator B");
    expect(JSON.stringify(bankA)).not.toContain("B銀行");

    const all = await entries(carrierAuditor);
    const seen = all.find((e) => e.action === "control.tightened")!;
    expect(seen.people[bankBOperator.userId]).toEqual({ name: "Operator B", email: bankBOperator.email });
    const revoked = all.find((e) => e.action === "api_keys.revoked")!;
    expect(revoked.entity).toMatchObject({ type: "api_key", name: `bank-b-systems-${tag}`, detail: "lgk_b", href: null });
    expect(revoked.entity.bank).toMatchObject({ code: orgs.bankB.code, nameEn: "Bank B" });
  });
});
