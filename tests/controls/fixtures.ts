import crypto from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import {
  apiKeys,
  auditLog,
  bankControls,
  controlChanges,
  linkedAccounts,
  organisations,
  transactions,
  users,
  wallets,
  type ApiKeyScope,
  type Role,
} from "@/db/schema";
import { seedOrganisationsAndStaff } from "@/db/seed";
import { actorOrg, type ServiceActor, type StaffActor } from "@/lib/auth/actor";
import { hashApiKey, loadApiKeyActor, newApiKeyValue } from "@/lib/auth/api-key";

/** The bank codes with demo staff (db/seed/staff.ts). */
export const OWN_BANK = "0101";
export const OTHER_BANK = "0108";

export interface ControlsFixture {
  db: Db;
  bankId(code: string): string;
  bankCodes: string[];
  actor(email: string): Promise<StaffActor>;
  key(org: "carrier" | string, scopes: ApiKeyScope[]): Promise<ServiceActor>;
}

let requestCounter = 0;

/**
 * The demo organisations and staff (carrier, 35 banks with both controls open, role users at the
 * carrier, 0101 and 0108), plus people with two roles: an administrator who is also a manager at
 * the carrier and at 0101.
 */
export async function controlsFixture(db: Db): Promise<ControlsFixture> {
  await seedOrganisationsAndStaff(db);
  const orgs = await db.select({ id: organisations.id, kind: organisations.kind, code: organisations.bankCode }).from(organisations);
  const carrier = orgs.find((o) => o.kind === "carrier")!;
  const byCode = new Map(orgs.filter((o) => o.code).map((o) => [o.code!, o.id]));
  const [template] = await db.select({ hash: users.passwordHash }).from(users).limit(1);
  const extra: { email: string; org: string; roles: Role[] }[] = [
    { email: "admin-manager@carrier.demo", org: carrier.id, roles: ["admin", "manager"] },
    { email: "manager2@bank0101.demo", org: byCode.get(OWN_BANK)!, roles: ["manager"] },
  ];
  await db
    .insert(users)
    .values(extra.map((u) => ({ orgId: u.org, email: u.email, displayName: u.email.split("@")[0]!, passwordHash: template!.hash, roles: u.roles })))
    .onConflictDoNothing();

  return {
    db,
    bankId: (code) => {
      const id = byCode.get(code);
      if (!id) throw new Error(`no bank ${code}`);
      return id;
    },
    bankCodes: [...byCode.keys()].sort(),
    actor: async (email) => {
      const [row] = await db.select({ user: users, org: organisations }).from(users).innerJoin(organisations, eq(organisations.id, users.orgId)).where(eq(users.email, email));
      if (!row) throw new Error(`no user ${email}`);
      return {
        kind: "staff",
        userId: row.user.id,
        sessionId: crypto.randomUUID(),
        email: row.user.email,
        displayName: row.user.displayName,
        roles: row.user.roles,
        ...actorOrg(row.org),
        request: { requestId: `controls-test-${++requestCounter}`, ip: "192.0.2.10" },
      };
    },
    key: async (org, scopes) => {
      const value = newApiKeyValue();
      await db.insert(apiKeys).values({
        orgId: org === "carrier" ? carrier.id : byCode.get(org)!,
        name: `test key ${org} ${scopes.join("+")}`,
        prefix: value.slice(0, 10),
        keyHash: hashApiKey(value),
        scopes,
      });
      const actor = await loadApiKeyActor(db, value, { requestId: `controls-test-${++requestCounter}`, ip: "192.0.2.20" });
      return Object.assign(actor!, { keyValue: value });
    },
  };
}

export async function controlRow(db: Db, bankId: string, control: "registrations" | "charges") {
  const [row] = await db
    .select()
    .from(bankControls)
    .where(and(eq(bankControls.bankId, bankId), eq(bankControls.control, control)));
  return row!;
}

export async function historyRows(db: Db, bankId: string) {
  return db.select().from(controlChanges).where(eq(controlChanges.bankId, bankId)).orderBy(sql`${controlChanges.changedAt} desc`);
}

export async function auditEntries(db: Db, action: string, bankId?: string) {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), bankId ? eq(auditLog.bankId, bankId) : undefined));
}

/** What an awaited call threw (fails the test if it did not throw). */
export async function thrown(p: Promise<unknown>): Promise<{ status: number; code: string; message: string; fields?: Record<string, { code: string; params?: Record<string, string | number> }> }> {
  try {
    await p;
  } catch (e) {
    return e as { status: number; code: string; message: string; fields?: Record<string, { code: string; params?: Record<string, string | number> }> };
  }
  throw new Error("expected the call to throw");
}

const HOUR = 3_600_000;

export interface LinkSpec {
  verification: "pin_only" | "otp" | "identity_document";
  status?: "active" | "frozen" | "removed";
  /** Hours before now. */
  linkedHoursAgo: number;
  /** Charges: [hours ago, yen]. */
  charges?: [number, number][];
  /** Payments (never counted as charges). */
  payments?: [number, number][];
}

/** Wallets, links and transactions at one bank, at times relative to now. */
export async function addLinks(db: Db, bankId: string, specs: LinkSpec[], extraChargesWithoutLink: [number, number][] = []): Promise<void> {
  const now = Date.now();
  for (const [i, spec] of specs.entries()) {
    const walletId = `w-${crypto.randomBytes(6).toString("hex")}`;
    await db.insert(wallets).values({ id: walletId, email: `${walletId}@example.test`, registeredAt: new Date(now - spec.linkedHoursAgo * HOUR - 60_000) });
    const [link] = await db
      .insert(linkedAccounts)
      .values({
        walletId,
        bankId,
        branchCode: "001",
        accountType: "ordinary",
        accountLast4: String(1000 + i).slice(-4),
        accountHash: crypto.randomBytes(16).toString("hex"),
        holderNameKana: "テスト",
        holderNameSearch: "テスト",
        verification: spec.verification,
        status: spec.status ?? "active",
        linkedAt: new Date(now - spec.linkedHoursAgo * HOUR),
      })
      .returning({ id: linkedAccounts.id });
    const tx = [
      ...(spec.charges ?? []).map(([h, yen]) => ({ kind: "charge" as const, h, yen })),
      ...(spec.payments ?? []).map(([h, yen]) => ({ kind: "payment" as const, h, yen })),
    ];
    if (tx.length)
      await db.insert(transactions).values(
        tx.map((t) => ({ kind: t.kind, walletId, linkedAccountId: link!.id, bankId, amountYen: t.yen, occurredAt: new Date(now - t.h * HOUR) })),
      );
  }
  if (extraChargesWithoutLink.length) {
    const walletId = `w-${crypto.randomBytes(6).toString("hex")}`;
    await db.insert(wallets).values({ id: walletId, email: `${walletId}@example.test`, registeredAt: new Date(now - 1000 * HOUR) });
    await db
      .insert(transactions)
      .values(extraChargesWithoutLink.map(([h, yen]) => ({ kind: "charge" as const, walletId, linkedAccountId: null, bankId, amountYen: yen, occurredAt: new Date(now - h * HOUR) })));
  }
}
