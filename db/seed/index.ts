import { count, eq, inArray, sql } from "drizzle-orm";
import type { DatabaseHandle, Db, Queryable } from "../index";
import { apiKeys, bankControls, detectionRules, organisations, users } from "../schema";
import { hashApiKey } from "@/lib/auth/api-key";
import { SYSTEM_REQUEST } from "@/lib/auth/actor";
import { hashPassword } from "@/lib/auth/passwords";
import { seal } from "@/lib/auth/secret-box";
import { writeAudit } from "@/lib/audit/write";
import { CARRIER, DEMO_BANKS } from "./banks";
import { dropSecondaryStructures, rebuildSecondaryStructures } from "./bulk-load";
import { planCases, writeIncident } from "./cases";
import { readSeedFigures } from "./figures";
import { planPopulation, writePopulation } from "./population";
import { writeLiveQueue } from "./live-queue";
import { writeReimbursements } from "./reimbursements";
import { insertRecentActivity, insertRecentDecisions, recentCount } from "./recent";
import { writeBankRollups, writeCategoryRollups } from "./rollups";
import { DEMO_API_KEY, DEMO_PASSWORD, DEMO_STAFF, demoTotpSecret } from "./staff";
import { planStory, writeControlHistory } from "./story";

export interface SeedOptions {
  /** Multiplies the ordinary population (1 = 20,000 links and 200,000 transactions). */
  scale?: number;
  progress?: (label: string, done: number, total: number) => void;
  /**
   * The seed's present: the recent traffic (db/seed/recent.ts) fills the days before it. Default:
   * the real clock. Two seeds with the same scale and `now` hold the same data.
   */
  now?: Date;
}

export async function isEmpty(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(organisations);
  return Number(row?.n ?? 0) === 0;
}

/** Organisations, the demo staff and the demo API key. */
export async function seedOrganisationsAndStaff(db: Queryable): Promise<Map<string, string>> {
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

/**
 * The whole demo data set, in one transaction: the organisations and staff, the banks' control
 * histories of September 2020, the incident with its 120 confirmed cases, the ordinary population
 * (scaled), the recent days' traffic with the live queue of cases on it (db/seed/live-queue.ts), the
 * daily rollups and one audit entry. Deterministic: the same options give the same
 * story, figures and population.
 */
export async function seedDemo(handle: DatabaseHandle, opts: SeedOptions = {}): Promise<void> {
  const scale = opts.scale ?? 1;
  const progress = opts.progress ?? (() => undefined);
  const story = planStory();
  const planned = planCases(story);

  await handle.db.transaction(async (tx) => {
    progress("organisations and staff", 0, 1);
    const orgIds = await seedOrganisationsAndStaff(tx);
    const staff = await tx.select({ id: users.id, email: users.email }).from(users);
    const userIds = new Map(staff.map((u) => [u.email, u.id]));
    progress("organisations and staff", 1, 1);

    progress("control history", 0, story.changes.length);
    await writeControlHistory(tx, story, orgIds, userIds);
    progress("control history", story.changes.length, story.changes.length);

    progress("incident and cases", 0, planned.length);
    await writeIncident(tx, planned, orgIds, userIds);
    progress("incident and cases", planned.length, planned.length);

    // The carrier has run three of the rules live since the incident; the burst rule is still in
    // shadow (the migration seeds all four in shadow, with their default parameters).
    await tx.update(detectionRules).set({ mode: "on" }).where(inArray(detectionRules.code, ["pin_then_charge", "multi_bank_identity", "cash_out"]));

    // Bulk load: secondary indexes and foreign keys are rebuilt once at the end (see bulk-load.ts).
    if (handle.driver === "postgres") await tx.execute(sql`set local maintenance_work_mem = '256MB'`);
    await dropSecondaryStructures(tx, ["wallets", "linked_accounts", "transactions"]);
    await writePopulation(tx, planPopulation(story, scale, orgIds), progress);
    const now = opts.now ?? new Date();
    progress("recent activity", 0, recentCount(scale));
    await tx.execute(insertRecentActivity(scale, now));
    await tx.execute(insertRecentDecisions(scale, now));
    progress("recent activity", recentCount(scale), recentCount(scale));
    await rebuildSecondaryStructures(tx, (done, total) => progress("indexes", done, total));

    progress("live queue", 0, 1);
    await writeLiveQueue(tx, userIds, now);
    progress("live queue", 1, 1);

    progress("reimbursements", 0, 1);
    await writeReimbursements(tx, userIds, new Map(planned.map((c) => [c.link.id, c.link.number])));
    progress("reimbursements", 1, 1);

    progress("daily rollups", 0, 2);
    await writeBankRollups(tx);
    progress("daily rollups", 1, 2);
    await writeCategoryRollups(tx);
    progress("daily rollups", 2, 2);

    const figures = await readSeedFigures(tx);
    await writeAudit(
      tx,
      { label: "system:seed", orgId: orgIds.get("carrier") ?? null, request: SYSTEM_REQUEST },
      { action: "seed.demo_data", entityType: "seed", entityId: "demo", after: { scale, ...figures } },
    );
  });
  // The tables went from empty to full in one transaction: fresh statistics for the planner, and
  // the visibility map set, without which no index-only scan (the accounts list's covering
  // indexes, the blast radius) skips the heap until autovacuum gets round to it.
  await handle.db.execute(sql`vacuum (analyze) wallets, linked_accounts, transactions`);
  await handle.db.execute(sql`analyze`);
}
