import { count, eq, gt, sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { apiKeys, auditLog, roleGrants, staffSessions, users } from "@/db/schema";
import { seedOrganisationsAndStaff } from "@/db/seed";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/service";
import type { StaffActor } from "@/lib/auth/actor";
import { hashApiKey } from "@/lib/auth/api-key";
import { createStaff, disableUser, enableUser, endSessions, resetPassword, updateStaff } from "@/lib/users/service";
import { describeEachDb } from "../support/db";
import { actorOf, rejection, signedIn, userId } from "./support";

describeEachDb("admin audit trail", (ctx) => {
  let admin: StaffActor;

  beforeAll(async () => {
    await seedOrganisationsAndStaff(ctx.handle.db);
    admin = await actorOf(ctx.handle.db, "admin@bank0108.demo");
  });

  async function lastSeq(): Promise<number> {
    const [row] = await ctx.handle.db.select({ seq: sql<number>`coalesce(max(${auditLog.seq}), 0)`.mapWith(Number) }).from(auditLog);
    return row!.seq;
  }

  /** Runs a mutation and returns the audit entries it wrote. */
  async function entriesOf<T>(mutation: () => Promise<T>): Promise<{ result: T; entries: (typeof auditLog.$inferSelect)[] }> {
    const from = await lastSeq();
    const result = await mutation();
    const entries = await ctx.handle.db.select().from(auditLog).where(gt(auditLog.seq, from)).orderBy(auditLog.seq);
    return { result, entries };
  }

  it("every admin mutation writes an audit entry in the same transaction", async () => {
    const db = ctx.handle.db;
    const secrets: string[] = [];
    const expectOne = (entries: (typeof auditLog.$inferSelect)[], action: string, entityId: string) => {
      expect(entries.map((e) => [e.action, e.entityId])).toEqual([[action, entityId]]);
      expect(entries[0]).toMatchObject({ actorUserId: admin.userId, actorLabel: admin.email, orgId: admin.orgId, bankId: admin.bankId, requestId: admin.request.requestId });
    };

    const created = await entriesOf(() => createStaff(admin, { email: "audited@bank0108.demo", displayName: "監査対象", roles: ["investigator"] }));
    const id = created.result.user.id;
    secrets.push(created.result.temporaryPassword);
    expectOne(created.entries, "users.created", id);
    expect(created.entries[0]!.after).toMatchObject({ email: "audited@bank0108.demo", roles: ["investigator"], mustChangePassword: true });

    const roles = await entriesOf(() => updateStaff(admin, id, { roles: ["investigator", "auditor"] }));
    expectOne(roles.entries, "users.roles_changed", id);
    expect(roles.entries[0]).toMatchObject({ before: { roles: ["investigator"] }, after: { roles: ["investigator", "auditor"] } });

    const renamed = await entriesOf(() => updateStaff(admin, id, { displayName: "監査対象（新）" }));
    expectOne(renamed.entries, "users.renamed", id);

    await signedIn(db, "audited@bank0108.demo");
    const ended = await entriesOf(() => endSessions(admin, id));
    expectOne(ended.entries, "users.sessions_ended", id);
    expect(ended.entries[0]!.after).toMatchObject({ sessionsEnded: 1 });

    const disabled = await entriesOf(() => disableUser(admin, id));
    expectOne(disabled.entries, "users.disabled", id);
    expect(disabled.entries[0]).toMatchObject({ before: { status: "active" }, after: { status: "disabled" } });

    const enabled = await entriesOf(() => enableUser(admin, id));
    expectOne(enabled.entries, "users.enabled", id);

    const reset = await entriesOf(() => resetPassword(admin, id, { resetTotp: true }));
    expectOne(reset.entries, "users.password_reset", id);
    expect(reset.entries[0]!.after).toMatchObject({ totpReset: true, mustChangePassword: true });
    secrets.push(reset.result.temporaryPassword!);

    const key = await entriesOf(() => createApiKey(admin, { name: "Bank systems", scopes: ["controls"] }));
    expectOne(key.entries, "api_keys.created", key.result.apiKey.id);
    secrets.push(key.result.value, hashApiKey(key.result.value));

    const revoked = await entriesOf(() => revokeApiKey(admin, key.result.apiKey.id));
    expectOne(revoked.entries, "api_keys.revoked", key.result.apiKey.id);

    // No password, password hash or key value (nor its hash) ever reaches the audit log.
    const [user] = await db.select().from(users).where(eq(users.id, id));
    secrets.push(user!.passwordHash);
    const everything = JSON.stringify(await db.select().from(auditLog));
    for (const secret of secrets) expect(everything).not.toContain(secret);
    expect(everything).not.toMatch(/passwordHash|password_hash|keyHash|totpSecret/);
  });

  it("if the audit entry cannot be written, the change is not made either", async () => {
    const db = ctx.handle.db;
    const targetEmail = "investigator@bank0108.demo";
    const target = await userId(db, targetEmail);
    const open = await signedIn(db, targetEmail);
    const [keyBefore] = await db.select({ n: count() }).from(apiKeys);
    const [before] = await db.select().from(users).where(eq(users.id, target));

    // A real refusal inside the database: every admin action's audit insert fails.
    await db.execute(sql`create function refuse_admin_audit() returns trigger as $$
      begin
        if new.action like 'users.%' or new.action like 'api_keys.%' then raise exception 'audit refused'; end if;
        return new;
      end $$ language plpgsql`);
    await db.execute(sql`create trigger refuse_admin_audit before insert on audit_log for each row execute function refuse_admin_audit()`);
    try {
      const attempts = [
        () => createStaff(admin, { email: "never@bank0108.demo", displayName: "Never", roles: ["auditor"] }),
        () => updateStaff(admin, target, { roles: ["manager"], displayName: "Changed" }),
        () => disableUser(admin, target),
        () => endSessions(admin, target),
        () => resetPassword(admin, target, { resetTotp: true }),
        () => createApiKey(admin, { name: "Never", scopes: ["read"] }),
      ];
      for (const attempt of attempts) expect((await rejection(attempt())).message).toMatch(/audit refused|Failed query/);
    } finally {
      await db.execute(sql`drop trigger refuse_admin_audit on audit_log`);
      await db.execute(sql`drop function refuse_admin_audit()`);
    }
    const [after] = await db.select().from(users).where(eq(users.id, target));
    expect(after).toEqual(before);
    expect(await db.select().from(users).where(eq(users.email, "never@bank0108.demo"))).toEqual([]);
    // The manager grant asked for in the same change was not left behind either.
    expect(await db.select().from(roleGrants).where(eq(roleGrants.userId, target))).toEqual([]);
    const [keyAfter] = await db.select({ n: count() }).from(apiKeys);
    expect(keyAfter!.n).toBe(keyBefore!.n);
    const [session] = await db.select().from(staffSessions).where(eq(staffSessions.id, open.sessionId));
    expect(session!.endedAt).toBeNull();
  });
});
