import "server-only";
import { and, eq, isNull, lte, ne, or, sql } from "drizzle-orm";
import type { Queryable } from "@/db";
import { organisations, staffSessions, users } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write";
import { actorOrg, SYSTEM_REQUEST, type RequestMeta, type StaffActor } from "./actor";

export const IDLE_TIMEOUT_MS = Number(process.env.LINKGUARD_IDLE_TIMEOUT_MINUTES ?? 30) * 60_000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60_000;
// last_seen_at is written at most this often, so reads do not turn into writes.
const TOUCH_EVERY_MS = 60_000;

export async function createSession(
  db: Queryable,
  user: { id: string; sessionVersion: number },
  meta: RequestMeta,
): Promise<string> {
  const [row] = await db
    .insert(staffSessions)
    .values({
      userId: user.id,
      sessionVersion: user.sessionVersion,
      expiresAt: new Date(Date.now() + ABSOLUTE_TIMEOUT_MS),
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, 400) ?? null,
    })
    .returning({ id: staffSessions.id });
  return row!.id;
}

export type SessionProblem = "ended" | "expired" | "idle" | "disabled" | "stale";

/**
 * The session check's one statement, prepared once per database (every request runs it): what the
 * check and the actor need, and nothing else (no password hash or sealed TOTP secret leaves the
 * database on a request).
 */
function prepareSessionQuery(db: Queryable) {
  return db
    .select({
      session: {
        id: staffSessions.id,
        userId: staffSessions.userId,
        sessionVersion: staffSessions.sessionVersion,
        lastSeenAt: staffSessions.lastSeenAt,
        expiresAt: staffSessions.expiresAt,
        endedAt: staffSessions.endedAt,
      },
      user: {
        id: users.id,
        orgId: users.orgId,
        email: users.email,
        displayName: users.displayName,
        roles: users.roles,
        status: users.status,
        sessionVersion: users.sessionVersion,
      },
      org: { id: organisations.id, kind: organisations.kind, bankCode: organisations.bankCode, nameJa: organisations.nameJa, nameEn: organisations.nameEn },
    })
    .from(staffSessions)
    .innerJoin(users, eq(users.id, staffSessions.userId))
    .innerJoin(organisations, eq(organisations.id, users.orgId))
    .where(eq(staffSessions.id, sql.placeholder("id")))
    .prepare("lg_session_actor");
}
const sessionQueries = new WeakMap<Queryable, ReturnType<typeof prepareSessionQuery>>();

/**
 * The actor behind a session id, checked against the database on every request: a disabled user,
 * changed roles (session version), sign-out, idle or absolute timeout all end it at once.
 */
export async function loadSessionActor(
  db: Queryable,
  sessionId: string,
  meta: RequestMeta,
): Promise<{ actor: StaffActor } | { problem: SessionProblem }> {
  if (!/^[0-9a-f-]{36}$/i.test(sessionId)) return { problem: "ended" };
  let query = sessionQueries.get(db);
  if (!query) sessionQueries.set(db, (query = prepareSessionQuery(db)));
  const [row] = await query.execute({ id: sessionId });
  if (!row || row.session.endedAt) return { problem: "ended" };
  const now = Date.now();
  const problem = lapsed(row.session, row.user, now);
  if (problem) {
    await endLapsedSession(db, { ...row.session, email: row.user.email, orgId: row.user.orgId }, problem, meta, "request");
    return { problem };
  }
  if (now - row.session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.update(staffSessions).set({ lastSeenAt: sql`now()` }).where(eq(staffSessions.id, sessionId));
  }
  return {
    actor: {
      kind: "staff",
      userId: row.user.id,
      sessionId,
      email: row.user.email,
      displayName: row.user.displayName,
      roles: row.user.roles,
      ...actorOrg(row.org),
      request: meta,
    },
  };
}

type Lapse = Exclude<SessionProblem, "ended">;

/** Why a live session may no longer be used, or null. */
function lapsed(
  session: { expiresAt: Date; lastSeenAt: Date; sessionVersion: number },
  user: { status: string; sessionVersion: number },
  now: number,
): Lapse | null {
  if (session.expiresAt.getTime() <= now) return "expired";
  if (session.lastSeenAt.getTime() + IDLE_TIMEOUT_MS <= now) return "idle";
  if (user.status !== "active") return "disabled";
  if (user.sessionVersion !== session.sessionVersion) return "stale";
  return null;
}

/**
 * How the audit log names a lapse. A stale session is one whose user's session version moved on
 * since it began: the version goes up when a role is taken away (and on disabling and password
 * resets), and those changes end the sessions themselves, audited with the change; a session they
 * left behind is recorded here as a role change when it is next found.
 */
export const SESSION_END_REASONS: Record<Lapse, string> = {
  idle: "idle_timeout",
  expired: "absolute_timeout",
  disabled: "user_disabled",
  stale: "roles_changed",
};

interface LapsedSession {
  id: string;
  userId: string;
  email: string;
  orgId: string;
  lastSeenAt: Date;
  expiresAt: Date;
}

/**
 * Ends a session that lapsed and records it (`auth.session_ended`, under the user and their
 * organisation), in one transaction: whoever finds it first (the request that presents it, or the
 * sweep) ends it, exactly once.
 */
async function endLapsedSession(db: Queryable, s: LapsedSession, lapse: Lapse, meta: RequestMeta, foundBy: "request" | "sweep"): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [ended] = await tx
      .update(staffSessions)
      .set({ endedAt: sql`now()`, endedReason: lapse })
      .where(and(eq(staffSessions.id, s.id), isNull(staffSessions.endedAt)))
      .returning({ id: staffSessions.id });
    if (!ended) return false;
    const lapsedAt = lapse === "expired" ? s.expiresAt : lapse === "idle" ? new Date(s.lastSeenAt.getTime() + IDLE_TIMEOUT_MS) : null;
    await writeAudit(tx, { userId: s.userId, label: s.email, orgId: s.orgId, request: meta }, {
      action: "auth.session_ended",
      entityType: "session",
      entityId: s.id,
      after: { reason: SESSION_END_REASONS[lapse], lapsedAt, lastSeenAt: s.lastSeenAt, expiresAt: s.expiresAt, foundBy },
    });
    return true;
  });
}

/**
 * Ends (and audits) the sessions that lapsed while nobody presented them: idle or past their
 * absolute limit, or whose user was disabled or had their roles changed. Run every minute by each
 * console process (lib/auth/session-sweeper.ts); a session is ended once whoever finds it.
 */
export async function endLapsedSessions(db: Queryable, now: Date = new Date()): Promise<number> {
  const rows = await db
    .select({ session: staffSessions, email: users.email, orgId: users.orgId, status: users.status, version: users.sessionVersion })
    .from(staffSessions)
    .innerJoin(users, eq(users.id, staffSessions.userId))
    .where(
      and(
        isNull(staffSessions.endedAt),
        or(
          lte(staffSessions.expiresAt, now),
          lte(staffSessions.lastSeenAt, new Date(now.getTime() - IDLE_TIMEOUT_MS)),
          ne(users.status, "active"),
          ne(users.sessionVersion, staffSessions.sessionVersion),
        ),
      ),
    )
    .limit(500);
  let ended = 0;
  for (const r of rows) {
    const lapse = lapsed(r.session, { status: r.status, sessionVersion: r.version }, now.getTime());
    if (!lapse) continue;
    if (await endLapsedSession(db, { ...r.session, email: r.email, orgId: r.orgId }, lapse, SYSTEM_REQUEST, "sweep")) ended++;
  }
  return ended;
}

export async function endSession(db: Queryable, sessionId: string, reason: string): Promise<void> {
  await db
    .update(staffSessions)
    .set({ endedAt: sql`now()`, endedReason: reason })
    .where(and(eq(staffSessions.id, sessionId), isNull(staffSessions.endedAt)));
}

export async function endAllSessions(db: Queryable, userId: string, reason: string): Promise<number> {
  const rows = await db
    .update(staffSessions)
    .set({ endedAt: sql`now()`, endedReason: reason })
    .where(and(eq(staffSessions.userId, userId), isNull(staffSessions.endedAt)))
    .returning({ id: staffSessions.id });
  return rows.length;
}

/** Sign-out: ends the session and records it under the user and their organisation. */
export async function signOutSession(db: Queryable, sessionId: string, meta: RequestMeta): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ userId: users.id, email: users.email, orgId: users.orgId })
      .from(staffSessions)
      .innerJoin(users, eq(users.id, staffSessions.userId))
      .where(eq(staffSessions.id, sessionId));
    await endSession(tx, sessionId, "signed_out");
    await writeAudit(tx, { userId: row?.userId ?? null, label: row?.email ?? "unknown", orgId: row?.orgId ?? null, request: meta }, {
      action: "auth.signed_out",
      entityType: "session",
      entityId: sessionId,
    });
  });
}
