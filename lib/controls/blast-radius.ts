import "server-only";
import { and, eq, gte, lte, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { bankControls, linkedAccounts, transactions } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/policy";
import type { BlastRadius, Control, ControlStateName } from "./schemas";
import { findBank } from "./write";

const HOUR = 3_600_000;
type ByVerification = BlastRadius["activeLinks"];

function byVerification(rows: { verification: string; n: number }[]): ByVerification {
  const out: ByVerification = { pin_only: 0, otp: 0, identity_document: 0, total: 0 };
  for (const r of rows) {
    if (r.verification === "pin_only" || r.verification === "otp" || r.verification === "identity_document") out[r.verification] += r.n;
    out.total += r.n;
  }
  return out;
}

/**
 * What a new state of one control would touch at one bank, computed live from the links and the
 * charges (three index-only range reads, migration 0004: linked_accounts by (bank_id, status) and
 * (bank_id, linked_at) with the verification in the key, transactions by (bank_id, occurred_at)
 * with kind, amount and link in the key). "Would have stopped" applies the decision rule to what
 * happened: suspended stops everything of that operation; strong_only stops new PIN-only links
 * (registrations) or charges from PIN-only links (charges; a charge with no known link counts as
 * PIN-only, since the rule could not admit it).
 */
export async function blastRadius(actor: Actor, bankCode: string, control: Control, toState: ControlStateName): Promise<BlastRadius> {
  assertCan(actor, "controls.tighten");
  const started = performance.now();
  const db = await getDb();
  const bank = await findBank(db, actor, bankCode);
  const now = new Date();
  const since72h = new Date(now.getTime() - 72 * HOUR);
  const since24h = new Date(now.getTime() - 24 * HOUR);
  const since7d = new Date(now.getTime() - 7 * 24 * HOUR);
  const n = sql<number>`count(*)`.mapWith(Number);
  const in24h = sql`${transactions.occurredAt} >= ${since24h}`;
  const pinOnly = sql`coalesce(${linkedAccounts.verification}, 'pin_only') = 'pin_only'`;
  const chargesAtBank = and(eq(transactions.bankId, bank.id), gte(transactions.occurredAt, since7d), lte(transactions.occurredAt, now), eq(transactions.kind, "charge"));

  const [current, active, recent, charges] = await Promise.all([
    db
      .select({ state: bankControls.state })
      .from(bankControls)
      .where(and(eq(bankControls.bankId, bank.id), eq(bankControls.control, control))),
    db
      .select({ verification: linkedAccounts.verification, n })
      .from(linkedAccounts)
      .where(and(eq(linkedAccounts.bankId, bank.id), eq(linkedAccounts.status, "active")))
      .groupBy(linkedAccounts.verification),
    db
      .select({ verification: linkedAccounts.verification, n })
      .from(linkedAccounts)
      .where(and(eq(linkedAccounts.bankId, bank.id), gte(linkedAccounts.linkedAt, since72h), lte(linkedAccounts.linkedAt, now)))
      .groupBy(linkedAccounts.verification),
    // The link's verification matters only for strong-only charges: every other case sums the
    // charges from the (bank_id, occurred_at, kind, amount_yen, linked_account_id) index alone,
    // without visiting one link per charge.
    control === "charges" && toState === "strong_only"
      ? db
          .select({
            c7: n,
            y7: sql<number>`coalesce(sum(${transactions.amountYen}), 0)`.mapWith(Number),
            c24: sql<number>`count(*) filter (where ${in24h})`.mapWith(Number),
            y24: sql<number>`coalesce(sum(${transactions.amountYen}) filter (where ${in24h}), 0)`.mapWith(Number),
            p7: sql<number>`count(*) filter (where ${pinOnly})`.mapWith(Number),
            py7: sql<number>`coalesce(sum(${transactions.amountYen}) filter (where ${pinOnly}), 0)`.mapWith(Number),
            p24: sql<number>`count(*) filter (where ${pinOnly} and ${in24h})`.mapWith(Number),
            py24: sql<number>`coalesce(sum(${transactions.amountYen}) filter (where ${pinOnly} and ${in24h}), 0)`.mapWith(Number),
          })
          .from(transactions)
          .leftJoin(linkedAccounts, eq(linkedAccounts.id, transactions.linkedAccountId))
          .where(chargesAtBank)
      : db
          .select({
            c7: n,
            y7: sql<number>`coalesce(sum(${transactions.amountYen}), 0)`.mapWith(Number),
            c24: sql<number>`count(*) filter (where ${in24h})`.mapWith(Number),
            y24: sql<number>`coalesce(sum(${transactions.amountYen}) filter (where ${in24h}), 0)`.mapWith(Number),
            p7: sql<number>`0`.mapWith(Number),
            py7: sql<number>`0`.mapWith(Number),
            p24: sql<number>`0`.mapWith(Number),
            py24: sql<number>`0`.mapWith(Number),
          })
          .from(transactions)
          .where(chargesAtBank),
  ]);

  const activeLinks = byVerification(active);
  const linksLast72h = byVerification(recent);
  const c = charges[0] ?? { c7: 0, y7: 0, c24: 0, y24: 0, p7: 0, py7: 0, p24: 0, py24: 0 };
  const none = { count: 0, yen: 0 };
  let wouldStop: BlastRadius["wouldStop"] = { activeLinks: 0, linksLast72h: 0, charges24h: none, charges7d: none };
  if (control === "registrations") {
    if (toState === "suspended") wouldStop = { ...wouldStop, linksLast72h: linksLast72h.total };
    if (toState === "strong_only") wouldStop = { ...wouldStop, linksLast72h: linksLast72h.pin_only };
  } else {
    if (toState === "suspended")
      wouldStop = { ...wouldStop, activeLinks: activeLinks.total, charges24h: { count: c.c24, yen: c.y24 }, charges7d: { count: c.c7, yen: c.y7 } };
    if (toState === "strong_only")
      wouldStop = { ...wouldStop, activeLinks: activeLinks.pin_only, charges24h: { count: c.p24, yen: c.py24 }, charges7d: { count: c.p7, yen: c.py7 } };
  }
  return {
    bankCode: bank.code,
    control,
    fromState: current[0]?.state ?? "open",
    toState,
    computedAt: now.toISOString(),
    activeLinks,
    linksLast72h,
    charges: { last24h: { count: c.c24, yen: c.y24 }, last7d: { count: c.c7, yen: c.y7 } },
    wouldStop,
    elapsedMs: Math.round((performance.now() - started) * 10) / 10,
  };
}
