import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { cases, linkedAccounts, organisations, transactions, users, wallets, type Role } from "@/db/schema";
import { seedOrganisationsAndStaff } from "@/db/seed/index";
import type { StaffActor } from "@/lib/auth/actor";
import { normaliseKana } from "@/lib/kana";

/**
 * A small world of our own (the demo seed's population is built elsewhere and at its own pace):
 * the demo organisations and staff, then links, wallets, charges and cases written here.
 *
 * Bank 0101 ("A"): 30 ordinary links, 8 of them linked at the very same instant (keyset ties).
 * Bank 0108 ("B"): 12 ordinary links. Bank 0115 ("C"): 5.
 * A ring: wallet RING_WALLET holds links at A and B; wallet RING_TWIN (another wallet, the same
 * e-mail in another case) links at C; the victim's account (same account hash) appears at A via
 * the ring and again under another wallet at C.
 */

export const NOW = new Date("2026-03-10T03:00:00.000Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const RING_WALLET = "wlt_ring0001";
export const RING_TWIN = "wlt_ring0002";
export const RING_EMAIL = "Ring.Master@Throwaway.example";
/** A full account number as the bank holds it: only its hash and last four may be stored. */
export const RING_ACCOUNT = { bank: "0101", branch: "123", number: "7654321" };

export interface FixtureLink {
  id: string;
  bankCode: string;
  walletId: string;
  email: string;
  last4: string;
  holder: string;
  verification: "pin_only" | "otp" | "identity_document";
  status: "active" | "frozen" | "removed";
  linkedAt: Date;
  accountHash: string;
  fullNumber: string;
  /** Yen of charges in the 7 days before NOW. */
  yen7d: number;
  charges7d: number;
  openCases: number;
}

export interface Fixture {
  orgIds: Map<string, string>;
  links: FixtureLink[];
  byBank(code: string): FixtureLink[];
  actor(email: string): Promise<StaffActor>;
}

export function accountHash(bank: string, branch: string, number: string): string {
  return crypto.createHash("sha256").update(`lg-test:${bank}${branch}${number}`).digest("hex");
}

const FAMILY = ["サトウ", "スズキ", "タカハシ", "タナカ", "イトウ", "ワタナベ"];
const GIVEN = ["ハナコ", "イチロウ", "ユミ", "ケンジ", "マコト"];

export async function buildFixture(db: Db): Promise<Fixture> {
  const orgIds = await seedOrganisationsAndStaff(db);
  const links: FixtureLink[] = [];
  const walletRows: (typeof wallets.$inferInsert)[] = [];
  const linkRows: (typeof linkedAccounts.$inferInsert)[] = [];
  const txRows: (typeof transactions.$inferInsert)[] = [];
  const caseRows: (typeof cases.$inferInsert)[] = [];
  const tie = new Date(NOW.getTime() - 20 * DAY);
  let seq = 0;

  const add = (o: {
    bankCode: string;
    walletId?: string;
    email?: string;
    holder?: string;
    last4?: string;
    fullNumber?: string;
    branch?: string;
    verification?: FixtureLink["verification"];
    status?: FixtureLink["status"];
    linkedAt: Date;
    charges?: { yen: number; daysAgo: number }[];
    cases?: ("new" | "investigating" | "closed")[];
  }): FixtureLink => {
    seq++;
    const id = crypto.randomUUID();
    const walletId = o.walletId ?? `wlt_t${String(seq).padStart(5, "0")}x${crypto.randomBytes(3).toString("hex")}`;
    const email = o.email ?? `holder${seq}@mail${seq % 3}.example`;
    const fullNumber = o.fullNumber ?? String(1_000_000 + seq * 7919).slice(0, 7);
    const branch = o.branch ?? String(100 + (seq % 50));
    const last4 = o.last4 ?? fullNumber.slice(-4);
    const holder = o.holder ?? `${FAMILY[seq % FAMILY.length]} ${GIVEN[seq % GIVEN.length]}`;
    const hash = accountHash(o.bankCode, branch, fullNumber);
    if (!walletRows.some((w) => w.id === walletId)) walletRows.push({ id: walletId, email, registeredAt: new Date(o.linkedAt.getTime() - HOUR) });
    linkRows.push({
      id,
      walletId,
      bankId: orgIds.get(o.bankCode)!,
      branchCode: branch,
      accountType: "ordinary",
      accountLast4: last4,
      accountHash: hash,
      holderNameKana: holder,
      holderNameSearch: normaliseKana(holder),
      verification: o.verification ?? (seq % 3 === 0 ? "otp" : "pin_only"),
      status: o.status ?? "active",
      linkedAt: o.linkedAt,
    });
    let yen7d = 0;
    let charges7d = 0;
    for (const c of o.charges ?? []) {
      const at = new Date(NOW.getTime() - c.daysAgo * DAY);
      txRows.push({ kind: "charge", walletId, linkedAccountId: id, bankId: orgIds.get(o.bankCode)!, amountYen: c.yen, occurredAt: at });
      if (c.daysAgo < 7 && c.daysAgo >= 0) {
        yen7d += c.yen;
        charges7d++;
      }
    }
    let openCases = 0;
    for (const status of o.cases ?? []) {
      caseRows.push({
        reference: `C-TEST-${crypto.randomBytes(4).toString("hex")}`,
        bankId: orgIds.get(o.bankCode)!,
        linkedAccountId: id,
        status,
        outcome: status === "closed" ? "not_fraud" : null,
        openedAt: new Date(NOW.getTime() - 2 * DAY),
        dueAt: new Date(NOW.getTime() + 3 * DAY),
      });
      if (status !== "closed") openCases++;
    }
    const link: FixtureLink = {
      id,
      bankCode: o.bankCode,
      walletId,
      email,
      last4,
      holder,
      verification: linkRows.at(-1)!.verification as FixtureLink["verification"],
      status: o.status ?? "active",
      linkedAt: o.linkedAt,
      accountHash: hash,
      fullNumber,
      yen7d,
      charges7d,
      openCases,
    };
    links.push(link);
    return link;
  };

  // Bank A: 30 links, one per day going back, except 8 that share one instant.
  for (let i = 0; i < 30; i++) {
    const linkedAt = i >= 10 && i < 18 ? tie : new Date(NOW.getTime() - (i + 1) * DAY - i * 1000);
    add({
      bankCode: "0101",
      linkedAt,
      holder: i === 0 ? "ヤマダ タロウ" : i === 1 ? "ﾔﾏﾀﾞ ﾀﾛｳ" : undefined,
      email: i === 2 ? "Taro.Yamada@Example.test" : undefined,
      status: i === 3 ? "frozen" : i === 4 ? "removed" : "active",
      verification: i === 5 ? "identity_document" : undefined,
      last4: i === 6 ? "4321" : undefined,
      // Equal yen on some rows, so the 7-day sort has ties to break as well.
      charges: i % 4 === 0 ? [{ yen: 10_000, daysAgo: 1 }, { yen: 3_000 * (i % 3), daysAgo: 3 }].filter((c) => c.yen > 0) : i % 5 === 1 ? [{ yen: 50_000, daysAgo: 10 }] : [],
      cases: i === 7 ? ["investigating"] : i === 8 ? ["closed"] : i === 9 ? ["new", "closed"] : [],
    });
  }
  // Bank B: 12 links, some with charges.
  for (let i = 0; i < 12; i++) {
    add({
      bankCode: "0108",
      linkedAt: new Date(NOW.getTime() - (i + 2) * DAY - 500),
      charges: i % 2 === 0 ? [{ yen: 7_000 + i, daysAgo: 2 }] : [],
      cases: i === 1 ? ["new"] : [],
      last4: i === 3 ? "4321" : undefined,
    });
  }
  for (let i = 0; i < 5; i++) add({ bankCode: "0115", linkedAt: new Date(NOW.getTime() - (i + 3) * DAY - 700) });

  // The ring.
  add({
    bankCode: "0101",
    walletId: RING_WALLET,
    email: RING_EMAIL,
    fullNumber: RING_ACCOUNT.number,
    branch: RING_ACCOUNT.branch,
    holder: "ｽｽﾞｷ ｲﾁﾛｳ",
    linkedAt: new Date(NOW.getTime() - 40 * DAY),
    charges: [{ yen: 200_000, daysAgo: 0.5 }],
  });
  add({ bankCode: "0108", walletId: RING_WALLET, email: RING_EMAIL, linkedAt: new Date(NOW.getTime() - 39 * DAY) });
  add({ bankCode: "0115", walletId: RING_TWIN, email: RING_EMAIL.toLowerCase(), linkedAt: new Date(NOW.getTime() - 38 * DAY) });
  // The same victim account (same hash) linked again at A from an unrelated wallet.
  add({ bankCode: "0101", fullNumber: RING_ACCOUNT.number, branch: RING_ACCOUNT.branch, holder: "スズキ イチロウ", linkedAt: new Date(NOW.getTime() - 37 * DAY) });

  await db.insert(wallets).values(walletRows);
  await db.insert(linkedAccounts).values(linkRows);
  if (txRows.length) await db.insert(transactions).values(txRows);
  if (caseRows.length) await db.insert(cases).values(caseRows);
  // A charge of another link must not count for its neighbour; a payment is not a charge.
  const first = links[0]!;
  await db.insert(transactions).values({ kind: "payment", walletId: first.walletId, linkedAccountId: first.id, bankId: orgIds.get("0101")!, amountYen: 999, occurredAt: new Date(NOW.getTime() - DAY) });

  const actorCache = new Map<string, StaffActor>();
  return {
    orgIds,
    links,
    byBank: (code) => links.filter((l) => l.bankCode === code),
    async actor(email) {
      const cached = actorCache.get(email);
      if (cached) return cached;
      const [u] = await db
        .select({ id: users.id, email: users.email, displayName: users.displayName, roles: users.roles, orgId: users.orgId, kind: organisations.kind, code: organisations.bankCode, nameJa: organisations.nameJa, nameEn: organisations.nameEn })
        .from(users)
        .innerJoin(organisations, eq(organisations.id, users.orgId))
        .where(eq(users.email, email));
      if (!u) throw new Error(`no user ${email}`);
      const a: StaffActor = {
        kind: "staff",
        userId: u.id,
        sessionId: crypto.randomUUID(),
        email: u.email,
        displayName: u.displayName,
        roles: u.roles as Role[],
        orgId: u.orgId,
        orgKind: u.kind,
        bankId: u.kind === "bank" ? u.orgId : null,
        bankCode: u.code,
        orgNameJa: u.nameJa,
        orgNameEn: u.nameEn,
        request: { requestId: `test-${crypto.randomUUID()}`, ip: "192.0.2.10" },
      };
      actorCache.set(email, a);
      return a;
    },
  };
}

/** Expected order of the 7-day sort: yen, then linked-at, then id, all in one direction. */
export function chargesOrder(links: FixtureLink[], dir: "asc" | "desc"): string[] {
  const s = [...links].sort((a, b) => a.yen7d - b.yen7d || a.linkedAt.getTime() - b.linkedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (dir === "desc") s.reverse();
  return s.map((l) => l.id);
}

export function linkedAtOrder(links: FixtureLink[], dir: "asc" | "desc"): string[] {
  const s = [...links].sort((a, b) => a.linkedAt.getTime() - b.linkedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (dir === "desc") s.reverse();
  return s.map((l) => l.id);
}

export async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
