import "server-only";
import { and, eq, lt, or, sql } from "drizzle-orm";
import type { Queryable } from "@/db";
import { signInFailures, staffSessions, type SignInNotice } from "@/db/schema";

/**
 * Sign-in throttling (OWASP ASVS 5.0 6.3.1). Every failed attempt is one row of sign_in_failures,
 * counted over a sliding window per (e-mail, source), per source and per e-mail:
 *
 * - one source on one account: slowed from its `pairSlowAfter`th failure, and from its
 *   `pairLimit`th refused without a verdict (the same answer as a wrong password);
 * - one source on any accounts (unknown e-mails included): slowed from `sourceSlowAfter`, refused
 *   from `sourceLimit`;
 * - one account from every source: slowed from `accountSlowAfter` (a delay that grows with the
 *   failures and stops at `accountDelayCapMs`), never refused, so a stranger cannot lock its owner
 *   out; crossing `accountSlowAfter` is audited under the account's organisation, and its owner is
 *   told at their next sign-in.
 *
 * The source is the client address (lib/auth/client-address.ts). Every answer takes at least
 * `floorMs`, whatever it says.
 */
export interface ThrottlePolicy {
  windowMinutes: number;
  pairSlowAfter: number;
  pairLimit: number;
  sourceSlowAfter: number;
  sourceLimit: number;
  accountSlowAfter: number;
  accountDelayCapMs: number;
  sourceDelayCapMs: number;
  floorMs: number;
}

const num = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return process.env[name] !== undefined && Number.isFinite(v) && v >= 0 ? v : fallback;
};

/** Read at each attempt, so a test can change one number. */
export function throttlePolicy(): ThrottlePolicy {
  return {
    windowMinutes: num("LINKGUARD_SIGNIN_WINDOW_MINUTES", 15),
    pairSlowAfter: 5,
    pairLimit: num("LINKGUARD_SIGNIN_PAIR_LIMIT", 10),
    sourceSlowAfter: 20,
    sourceLimit: num("LINKGUARD_SIGNIN_SOURCE_LIMIT", 100),
    accountSlowAfter: num("LINKGUARD_SIGNIN_ACCOUNT_SLOW_AFTER", 10),
    accountDelayCapMs: 2_000,
    sourceDelayCapMs: 8_000,
    floorMs: num("LINKGUARD_SIGNIN_FLOOR_MS", 500),
  };
}

/** Failures are kept this long: the window only needs minutes, the owner's notice reaches back this far. */
const KEEP_DAYS = 7;

/** The source of an attempt whose client address is not known (a host that does not record it). */
export const UNKNOWN_SOURCE = "unknown";

/**
 * Who an attempt is counted against: an IPv4 address, or an IPv6 address's /64 network (one
 * subscriber gets a whole /64 and could otherwise take a fresh address for every attempt).
 */
export function sourceOf(ip: string | null): string {
  if (!ip) return UNKNOWN_SOURCE;
  if (!ip.includes(":")) return ip;
  const width = (parts: string[]) => parts.reduce((n, p) => n + (p.includes(".") ? 2 : 1), 0);
  const [head = "", tail] = ip.split("::");
  const front = head ? head.split(":") : [];
  const back = tail ? tail.split(":") : [];
  const groups = tail === undefined ? front : [...front, ...Array<string>(Math.max(0, 8 - width(front) - width(back))).fill("0"), ...back];
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(":")}::/64`;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

// Any fixed number: the two-key advisory lock space, apart from the single-key locks elsewhere.
const SIGN_IN_LOCK = 7_413_101;

/**
 * Serialises the attempts on one account (held until the transaction ends): each sees the failures
 * of the ones before it, so 50 attempts in parallel get no more verdicts than 50 in a row.
 */
export async function lockAccount(tx: Queryable, email: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${SIGN_IN_LOCK}, hashtext(${email}))`);
}

/** The failures within the window that concern this attempt. */
export interface Standing {
  pair: number;
  source: number;
  account: number;
}

export async function standingOf(tx: Queryable, email: string, source: string, p: ThrottlePolicy): Promise<Standing> {
  const [row] = await tx
    .select({
      pair: sql<number>`count(*) filter (where ${signInFailures.email} = ${email} and ${signInFailures.source} = ${source})`.mapWith(Number),
      source: sql<number>`count(*) filter (where ${signInFailures.source} = ${source})`.mapWith(Number),
      account: sql<number>`count(*) filter (where ${signInFailures.email} = ${email})`.mapWith(Number),
    })
    .from(signInFailures)
    .where(
      and(
        or(eq(signInFailures.email, email), eq(signInFailures.source, source)),
        sql`${signInFailures.at} > now() - make_interval(mins => ${p.windowMinutes})`,
      ),
    );
  return { pair: row?.pair ?? 0, source: row?.source ?? 0, account: row?.account ?? 0 };
}

/** Whether the attempt gets no verdict at all: its source has failed too often (never the account alone). */
export function refused(s: Standing, p: ThrottlePolicy): boolean {
  return s.pair >= p.pairLimit || s.source >= p.sourceLimit;
}

function growing(count: number, after: number, cap: number): number {
  return count < after ? 0 : Math.min(cap, 250 * 2 ** (count - after));
}

/** How much later than the floor this attempt is answered, whatever its answer. */
export function delayMs(s: Standing, p: ThrottlePolicy): number {
  if (process.env.LINKGUARD_NO_SIGNIN_DELAY === "1") return 0;
  return Math.max(
    growing(s.pair, p.pairSlowAfter, p.sourceDelayCapMs),
    growing(s.source, p.sourceSlowAfter, p.sourceDelayCapMs),
    growing(s.account, p.accountSlowAfter, p.accountDelayCapMs),
  );
}

/** Counts a failure (and forgets this account's and source's failures older than KEEP_DAYS). */
export async function recordFailure(tx: Queryable, email: string, source: string, reason: string): Promise<void> {
  await tx
    .delete(signInFailures)
    .where(and(or(eq(signInFailures.email, email), eq(signInFailures.source, source)), lt(signInFailures.at, sql`now() - make_interval(days => ${KEEP_DAYS})`)));
  await tx.insert(signInFailures).values({ email, source, reason });
}

/** A successful sign-in forgets that source's failures on that account (not the others'). */
export async function clearFailures(tx: Queryable, email: string, source: string): Promise<void> {
  await tx.delete(signInFailures).where(and(eq(signInFailures.email, email), eq(signInFailures.source, source)));
}

/** An administrator's password reset forgets every failure on the account. */
export async function forgetFailures(tx: Queryable, email: string): Promise<void> {
  await tx.delete(signInFailures).where(eq(signInFailures.email, normaliseEmail(email)));
}

/**
 * What the owner is told as they sign in from `source`: the failures on their account from other
 * sources since their last sign-in (within KEEP_DAYS), or null when there were none.
 */
export async function noticeFor(tx: Queryable, userId: string, email: string, source: string): Promise<SignInNotice | null> {
  const [last] = await tx
    .select({ at: sql<Date | null>`max(${staffSessions.createdAt})` })
    .from(staffSessions)
    .where(eq(staffSessions.userId, userId));
  const since = last?.at ? new Date(last.at) : new Date(0);
  const [row] = await tx
    .select({
      failures: sql<number>`count(*)`.mapWith(Number),
      sources: sql<number>`count(distinct ${signInFailures.source})`.mapWith(Number),
      firstAt: sql<string | null>`min(${signInFailures.at})`,
      lastAt: sql<string | null>`max(${signInFailures.at})`,
    })
    .from(signInFailures)
    .where(and(eq(signInFailures.email, email), sql`${signInFailures.source} <> ${source}`, sql`${signInFailures.at} > ${since.toISOString()}`));
  if (!row || row.failures === 0 || !row.firstAt || !row.lastAt) return null;
  return { failures: row.failures, sources: row.sources, firstAt: new Date(row.firstAt).toISOString(), lastAt: new Date(row.lastAt).toISOString() };
}

/** The notice a session's owner was given as it started (null: none). The owner's own session only. */
export async function sessionNotice(db: Queryable, sessionId: string): Promise<SignInNotice | null> {
  const [row] = await db.select({ notice: staffSessions.signInNotice }).from(staffSessions).where(eq(staffSessions.id, sessionId));
  return row?.notice ?? null;
}
