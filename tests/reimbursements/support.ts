import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { cases, linkedAccounts, organisations, users, type Role } from "@/db/schema";
import type { StaffActor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { accountHash } from "@/lib/events/account-hash";
import { buildFixture, NOW, type Fixture } from "../accounts/support";
import { demoCode } from "../support/totp";

/** The accounts fixture, plus cases closed as confirmed fraud on demand and fresh step-up codes. */
export interface ReimbursementFixture {
  fx: Fixture;
  db: Db;
  actor(email: string): Promise<StaffActor>;
  /** A new case of bank `bankCode` closed as confirmed fraud with this confirmed loss; `open`: still investigating. */
  confirmedCase(bankCode: string, lossYen: number, options?: { open?: boolean }): Promise<{ id: string; reference: string }>;
  /**
   * A code the person's authenticator shows now, with their last accepted step forgotten first: a
   * test that approves several times in the same 30 s stands for a person who waits for the next code.
   */
  freshCode(email: string): Promise<string>;
  setRoles(email: string, roles: Role[]): Promise<void>;
  /**
   * The case's linked account is the one numbered `number` (7 digits): its keyed hash made from it,
   * as ingestion stores it, so a payout batch line giving that number passes the check.
   */
  knownAccountNumber(caseId: string, number: string): Promise<void>;
}

/** The typed refusal a call ended with (a success or another error fails the test). */
export async function refusal(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!(e instanceof AppError)) throw (e as Error) ?? new Error("expected a refusal, the call succeeded");
  return e;
}

export async function reimbursementFixture(db: Db): Promise<ReimbursementFixture> {
  const fx = await buildFixture(db);
  const used = new Set<string>();
  return {
    fx,
    db,
    actor: (email) => fx.actor(email),
    async confirmedCase(bankCode, lossYen, options = {}) {
      const link = fx.byBank(bankCode).find((l) => !used.has(l.id) && l.openCases === 0);
      if (!link) throw new Error(`no spare link at ${bankCode}`);
      used.add(link.id);
      const reference = `C-RB-${crypto.randomBytes(4).toString("hex")}`;
      const closed = !options.open;
      const [row] = await db
        .insert(cases)
        .values({
          reference,
          bankId: fx.orgIds.get(bankCode)!,
          linkedAccountId: link.id,
          status: closed ? "closed" : "investigating",
          outcome: closed ? "confirmed_fraud" : null,
          lossYen,
          confirmedLossYen: closed ? lossYen : 0,
          dueAt: NOW,
          openedAt: new Date(NOW.getTime() - 86_400_000),
          closedAt: closed ? NOW : null,
        })
        .returning({ id: cases.id, reference: cases.reference });
      return row!;
    },
    async freshCode(email) {
      await db.update(users).set({ totpLastStep: null }).where(eq(users.email, email));
      return demoCode(email);
    },
    async setRoles(email, roles) {
      await db.update(users).set({ roles }).where(eq(users.email, email));
    },
    async knownAccountNumber(caseId, number) {
      const [row] = await db
        .select({ linkId: linkedAccounts.id, branch: linkedAccounts.branchCode, bank: organisations.bankCode })
        .from(cases)
        .innerJoin(linkedAccounts, eq(linkedAccounts.id, cases.linkedAccountId))
        .innerJoin(organisations, eq(organisations.id, linkedAccounts.bankId))
        .where(eq(cases.id, caseId));
      await db.update(linkedAccounts).set({ accountHash: accountHash(row!.bank!, row!.branch, number) }).where(eq(linkedAccounts.id, row!.linkId));
    },
  };
}
