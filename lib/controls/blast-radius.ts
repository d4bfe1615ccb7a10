import "server-only";
import { and, eq, gte, inArray, lte, sql } from "drizzle-orm";
import type { z } from "zod";
import { getDb, type Queryable } from "@/db";
import { bankControls, linkedAccounts, transactions } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/policy";
import { Forbidden } from "@/lib/errors";
import {
  bulkBlastRadiusQuery,
  stateRank,
  type BlastFigures,
  type BlastRadius,
  type BulkBlastRadius,
  type Control,
  type ControlStateName,
  type Stopped,
} from "./schemas";
import { findBank, resolveBulkBanks } from "./write";

const HOUR = 3_600_000;
type ByVerification = BlastFigures["activeLinks"];
type CountYen = { count: number; yen: number };

/** What happened at one bank in the windows the blast radius looks at. */
interface Measures {
  activeLinks: ByVerification;
  linksLast72h: ByVerification;
  charges: { last24h: CountYen; last7d: CountYen };
  /** Charges from PIN-only links (or from no known link): what strong_only stops. Zero when not asked for. */
  pinOnlyCharges: { last24h: CountYen; last7d: CountYen };
}

const noLinks = (): ByVerification => ({ pin_only: 0, otp: 0, identity_document: 0, total: 0 });
const none = (): CountYen => ({ count: 0, yen: 0 });
const emptyMeasures = (): Measures => ({
  activeLinks: noLinks(),
  linksLast72h: noLinks(),
  charges: { last24h: none(), last7d: none() },
  pinOnlyCharges: { last24h: none(), last7d: none() },
});

function addLinks(into: ByVerification, verification: string | null, n: number) {
  if (verification === "pin_only" || verification === "otp" || verification === "identity_document") into[verification] += n;
  into.total += n;
}

/**
 * The windows of many banks at once, one grouped range read per measure (index-only, migration
 * 0004: linked_accounts by (bank_id, status) and (bank_id, linked_at) with the verification in the
 * key, transactions by (bank_id, occurred_at) with kind, amount and link in the key). The link's
 * verification is joined only when strong-only charges are asked about (`pinOnly`): every other case
 * sums the charges from the index alone, without visiting one link per charge.
 */
async function measure(db: Queryable, bankIds: string[], pinOnly: boolean, now: Date): Promise<Map<string, Measures>> {
  const out = new Map(bankIds.map((id) => [id, emptyMeasures()]));
  if (bankIds.length === 0) return out;
  const since72h = new Date(now.getTime() - 72 * HOUR);
  const since24h = new Date(now.getTime() - 24 * HOUR);
  const since7d = new Date(now.getTime() - 7 * 24 * HOUR);
  const n = sql<number>`count(*)`.mapWith(Number);
  const in24h = sql`${transactions.occurredAt} >= ${since24h}`;
  const isPinOnly = sql`coalesce(${linkedAccounts.verification}, 'pin_only') = 'pin_only'`;
  const yen = (filter?: ReturnType<typeof sql>) =>
    filter ? sql<number>`coalesce(sum(${transactions.amountYen}) filter (where ${filter}), 0)`.mapWith(Number) : sql<number>`coalesce(sum(${transactions.amountYen}), 0)`.mapWith(Number);
  const count = (filter: ReturnType<typeof sql>) => sql<number>`count(*) filter (where ${filter})`.mapWith(Number);
  const charges = and(inArray(transactions.bankId, bankIds), gte(transactions.occurredAt, since7d), lte(transactions.occurredAt, now), eq(transactions.kind, "charge"));
  const totals = { bankId: transactions.bankId, c7: n, y7: yen(), c24: count(in24h), y24: yen(in24h) };

  const [active, recent, sums] = await Promise.all([
    db
      .select({ bankId: linkedAccounts.bankId, verification: linkedAccounts.verification, n })
      .from(linkedAccounts)
      .where(and(inArray(linkedAccounts.bankId, bankIds), eq(linkedAccounts.status, "active")))
      .groupBy(linkedAccounts.bankId, linkedAccounts.verification),
    db
      .select({ bankId: linkedAccounts.bankId, verification: linkedAccounts.verification, n })
      .from(linkedAccounts)
      .where(and(inArray(linkedAccounts.bankId, bankIds), gte(linkedAccounts.linkedAt, since72h), lte(linkedAccounts.linkedAt, now)))
      .groupBy(linkedAccounts.bankId, linkedAccounts.verification),
    pinOnly
      ? db
          .select({
            ...totals,
            p7: count(isPinOnly),
            py7: yen(isPinOnly),
            p24: count(sql`${isPinOnly} and ${in24h}`),
            py24: yen(sql`${isPinOnly} and ${in24h}`),
          })
          .from(transactions)
          .leftJoin(linkedAccounts, eq(linkedAccounts.id, transactions.linkedAccountId))
          .where(charges)
          .groupBy(transactions.bankId)
      : db
          .select({ ...totals, p7: sql<number>`0`.mapWith(Number), py7: sql<number>`0`.mapWith(Number), p24: sql<number>`0`.mapWith(Number), py24: sql<number>`0`.mapWith(Number) })
          .from(transactions)
          .where(charges)
          .groupBy(transactions.bankId),
  ]);
  for (const r of active) addLinks(out.get(r.bankId)!.activeLinks, r.verification, r.n);
  for (const r of recent) addLinks(out.get(r.bankId)!.linksLast72h, r.verification, r.n);
  for (const r of sums) {
    const m = out.get(r.bankId!)!;
    m.charges = { last24h: { count: r.c24, yen: r.y24 }, last7d: { count: r.c7, yen: r.y7 } };
    m.pinOnlyCharges = { last24h: { count: r.p24, yen: r.py24 }, last7d: { count: r.p7, yen: r.py7 } };
  }
  return out;
}

/**
 * What a state of a control would have stopped of what happened, by the decision rule: suspended
 * stops everything of that operation; strong_only stops new PIN-only links (registrations) or
 * charges from PIN-only links (charges; a charge with no known link counts as PIN-only, since the
 * rule could not admit it); open stops nothing.
 */
export function stoppedBy(m: Measures, control: Control, state: ControlStateName): Stopped {
  const out: Stopped = { activeLinks: 0, linksLast72h: 0, charges24h: none(), charges7d: none() };
  if (state === "open") return out;
  const strong = state === "strong_only";
  if (control === "registrations") return { ...out, linksLast72h: strong ? m.linksLast72h.pin_only : m.linksLast72h.total };
  const charges = strong ? m.pinOnlyCharges : m.charges;
  return { ...out, activeLinks: strong ? m.activeLinks.pin_only : m.activeLinks.total, charges24h: { ...charges.last24h }, charges7d: { ...charges.last7d } };
}

function figures(m: Measures, control: Control, from: ControlStateName, to: ControlStateName): BlastFigures {
  return { activeLinks: m.activeLinks, linksLast72h: m.linksLast72h, charges: m.charges, stoppedNow: stoppedBy(m, control, from), wouldStop: stoppedBy(m, control, to) };
}

/** Strong-only charges need each charge's link: join only when one of the states is strong_only. */
const needsPinOnly = (control: Control, states: ControlStateName[]) => control === "charges" && states.includes("strong_only");

const sumYen = (a: CountYen, b: CountYen): CountYen => ({ count: a.count + b.count, yen: a.yen + b.yen });
const sumLinks = (a: ByVerification, b: ByVerification): ByVerification => ({
  pin_only: a.pin_only + b.pin_only,
  otp: a.otp + b.otp,
  identity_document: a.identity_document + b.identity_document,
  total: a.total + b.total,
});
const sumStopped = (a: Stopped, b: Stopped): Stopped => ({
  activeLinks: a.activeLinks + b.activeLinks,
  linksLast72h: a.linksLast72h + b.linksLast72h,
  charges24h: sumYen(a.charges24h, b.charges24h),
  charges7d: sumYen(a.charges7d, b.charges7d),
});
function sumFigures(all: BlastFigures[]): BlastFigures {
  const zero = stoppedBy(emptyMeasures(), "charges", "open");
  return all.reduce<BlastFigures>(
    (acc, f) => ({
      activeLinks: sumLinks(acc.activeLinks, f.activeLinks),
      linksLast72h: sumLinks(acc.linksLast72h, f.linksLast72h),
      charges: { last24h: sumYen(acc.charges.last24h, f.charges.last24h), last7d: sumYen(acc.charges.last7d, f.charges.last7d) },
      stoppedNow: sumStopped(acc.stoppedNow, f.stoppedNow),
      wouldStop: sumStopped(acc.wouldStop, f.wouldStop),
    }),
    { activeLinks: noLinks(), linksLast72h: noLinks(), charges: { last24h: none(), last7d: none() }, stoppedNow: zero, wouldStop: zero },
  );
}

async function currentStates(db: Queryable, bankIds: string[], control: Control): Promise<Map<string, ControlStateName>> {
  if (bankIds.length === 0) return new Map();
  const rows = await db
    .select({ bankId: bankControls.bankId, state: bankControls.state })
    .from(bankControls)
    .where(and(inArray(bankControls.bankId, bankIds), eq(bankControls.control, control)));
  return new Map(rows.map((r) => [r.bankId, r.state]));
}

const elapsed = (started: number) => Math.round((performance.now() - started) * 10) / 10;

/**
 * What a new state of one control would touch at one bank, computed live from the links and the
 * charges: the figures, what the current state stops of them and what the new state would have
 * stopped. A tightening stops more than now; for a loosening (an approval) the difference is what
 * it lets through again.
 */
export async function blastRadius(actor: Actor, bankCode: string, control: Control, toState: ControlStateName): Promise<BlastRadius> {
  assertCan(actor, "controls.tighten");
  const started = performance.now();
  const db = await getDb();
  const bank = await findBank(db, actor, bankCode);
  const now = new Date();
  const fromState = (await currentStates(db, [bank.id], control)).get(bank.id) ?? "open";
  const m = (await measure(db, [bank.id], needsPinOnly(control, [fromState, toState]), now)).get(bank.id)!;
  return { bankCode: bank.code, control, fromState, toState, computedAt: now.toISOString(), ...figures(m, control, fromState, toState), elapsedMs: elapsed(started) };
}

/**
 * The blast radius of a bulk tightening before it is sent (carrier only, as the bulk change): the
 * same banks, control and state. Banks already at that state or stricter stay as they are, so the
 * figures are summed over the banks it would change; each named bank is listed with its own.
 */
export async function bulkBlastRadius(actor: Actor, query: z.input<typeof bulkBlastRadiusQuery>): Promise<BulkBlastRadius> {
  assertCan(actor, "controls.tighten");
  if (actor.bankId !== null) throw new Forbidden("Only the carrier changes controls at many banks at once.");
  const q = bulkBlastRadiusQuery.parse(query);
  const started = performance.now();
  const db = await getDb();
  const banks = await resolveBulkBanks(db, q.bankCodes === "all" ? "all" : q.bankCodes.split(","));
  const ids = banks.map((b) => b.id);
  const now = new Date();
  const states = await currentStates(db, ids, q.control);
  const measures = await measure(db, ids, needsPinOnly(q.control, [q.toState, ...states.values()]), now);
  const perBank = banks.map((b) => {
    const fromState = states.get(b.id) ?? "open";
    const f = figures(measures.get(b.id)!, q.control, fromState, q.toState);
    return { bank: b, fromState, changes: stateRank(fromState) < stateRank(q.toState), f };
  });
  const changing = perBank.filter((p) => p.changes);
  return {
    control: q.control,
    toState: q.toState,
    computedAt: now.toISOString(),
    banks: { named: banks.length, changing: changing.length, already: banks.length - changing.length },
    ...sumFigures(changing.map((p) => p.f)),
    perBank: perBank.map((p) => ({
      bankCode: p.bank.code,
      nameJa: p.bank.nameJa,
      nameEn: p.bank.nameEn,
      fromState: p.fromState,
      changes: p.changes,
      stoppedNow: p.f.stoppedNow,
      wouldStop: p.changes ? p.f.wouldStop : p.f.stoppedNow,
    })),
    elapsedMs: elapsed(started),
  };
}
