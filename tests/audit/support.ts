import crypto from "node:crypto";
import type { Db } from "@/db";
import { organisations, type Role } from "@/db/schema";
import type { AuditAction, AuditEntityType } from "@/lib/audit/actions";
import type { StaffActor } from "@/lib/auth/actor";

export interface TestOrgs {
  carrierId: string;
  bankA: { id: string; code: string };
  bankB: { id: string; code: string };
}

/** The carrier and two banks with random codes, so suites may share a database. */
export async function makeOrgs(db: Db): Promise<TestOrgs> {
  const code = () => String(crypto.randomInt(0, 10_000)).padStart(4, "0");
  const existing = await db.select({ kind: organisations.kind, id: organisations.id }).from(organisations);
  let carrierId = existing.find((o) => o.kind === "carrier")?.id;
  if (!carrierId) {
    const [c] = await db.insert(organisations).values({ kind: "carrier", nameJa: "キャリア", nameEn: "Carrier" }).returning({ id: organisations.id });
    carrierId = c!.id;
  }
  const used = new Set((await db.select({ code: organisations.bankCode }).from(organisations)).map((r) => r.code));
  const fresh = () => {
    for (;;) {
      const c = code();
      if (!used.has(c)) {
        used.add(c);
        return c;
      }
    }
  };
  const [a, b] = await db
    .insert(organisations)
    .values([
      { kind: "bank", nameJa: "A銀行", nameEn: "Bank A", bankCode: fresh() },
      { kind: "bank", nameJa: "B銀行", nameEn: "Bank B", bankCode: fresh() },
    ])
    .returning({ id: organisations.id, code: organisations.bankCode });
  return { carrierId, bankA: { id: a!.id, code: a!.code! }, bankB: { id: b!.id, code: b!.code! } };
}

let n = 0;

/** A staff actor as loadSessionActor builds it (no user row is needed by lib/audit). */
export function staff(orgId: string, kind: "carrier" | "bank", roles: Role[], label?: string): StaffActor {
  n++;
  return {
    kind: "staff",
    userId: crypto.randomUUID(),
    sessionId: crypto.randomUUID(),
    email: label ?? `${roles.join("-")}-${n}@${kind}.test`,
    displayName: `${roles.join(", ")} ${n}`,
    roles,
    orgId,
    orgKind: kind,
    bankId: kind === "bank" ? orgId : null,
    bankCode: null,
    orgNameJa: kind,
    orgNameEn: kind,
    request: { requestId: `req-${n}`, ip: "192.0.2.1" },
  };
}

/**
 * A test's own action: tests tag their entries with a unique prefix so suites sharing a database
 * stay apart. lib/ writes only the actions of lib/audit/actions.ts (the type says so).
 */
export const testAction = (action: string) => action as AuditAction;
export const TEST_ENTITY = "thing" as AuditEntityType;
