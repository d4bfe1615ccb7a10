import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Queryable } from "@/db";
import { organisations, staffSessions, users } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write";
import { actorOrg, type RequestMeta, type StaffActor } from "./actor";

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
 * The actor behind a session id, checked against the database on every request: a disabled user,
 * changed roles (session version), sign-out, idle or absolute timeout all end it at once.
 */
export async function loadSessionActor(
  db: Queryable,
  sessionId: string,
  meta: RequestMeta,
): Promise<{ actor: StaffActor } | { problem: SessionProblem }> {
  if (!/^[0-9a-f-]{36}$/i.test(sessionId)) return { problem: "ended" };
  const [row] = await db
    .select({
      session: staffSessions,
      user: users,
      org: organisations,
    })
    .from(staffSessions)
    .innerJoin(users, eq(users.id, staffSessions.userId))
    .innerJoin(organisations, eq(organisations.id, users.orgId))
    .where(eq(staffSessions.id, sessionId));
  if (!row || row.session.endedAt) return { problem: "ended" };
  const now = Date.now();
  let problem: SessionProblem | null = null;
  if (row.session.expiresAt.getTime() <= now) problem = "expired";
  else if (row.session.lastSeenAt.getTime() + IDLE_TIMEOUT_MS <= now) problem = "idle";
  else if (row.user.status !== "active") problem = "disabled";
  else if (row.user.sessionVersion !== row.session.sessionVersion) problem = "stale";
  if (problem) {
    await endSession(db, sessionId, problem);
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
