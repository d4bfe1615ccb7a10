import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import { getDb, type Queryable, type Tx } from "@/db";
import { staffSessions, users, type Role } from "@/db/schema";
import type { StaffActor, Actor } from "@/lib/auth/actor";
import { hashPassword } from "@/lib/auth/passwords";
import { assertCan } from "@/lib/auth/policy";
import { endAllSessions, IDLE_TIMEOUT_MS } from "@/lib/auth/sessions";
import { writeAudit } from "@/lib/audit/write";
import { AppError, Conflict, NotFound, fieldError } from "@/lib/errors";
import { encodeInstantKey, isoMicros, isUuid, olderThan } from "@/lib/http/cursor";
import { auditView } from "./audit-view";
import { askForGrant, openGrantsOf } from "./grants";
import { applyCredentialReset, askForReset, issueTemporaryPassword, openResetsOf, resetNeedsSecondAdmin } from "./resets";
import { lockActiveAdmins } from "./locks";
import {
  createStaffRequest,
  isPrivileged,
  pageQuery,
  rolesInOrder,
  SELF_CHANGE_FORBIDDEN,
  resetPasswordRequest,
  STAFF_CONFLICT_CODES,
  STAFF_CONFLICTS,
  updateStaffRequest,
  type CreateStaffInput,
  type PageQuery,
  type ResetPasswordAnswer,
  type ResetPasswordInput,
  type SessionsEnded,
  type StaffMember,
  type StaffPage,
  type StaffWithPassword,
  type UpdateStaffInput,
} from "./schemas";
import { newTemporaryPassword } from "./temporary-password";

/**
 * Staff administration. An administrator manages the people of their own organisation and no one
 * else: the carrier's admin the carrier's staff, a bank's admin that bank's staff. A user id of
 * another organisation is "not found". Every change runs in one transaction with its audit entry;
 * no password ever reaches the audit log.
 */

export const STAFF_PAGE_SIZE = 50;

// ---- Reading ------------------------------------------------------------------------------------

// Inside a subquery the outer columns must name their table: drizzle leaves them bare when the
// outer query has no join, and a bare "id" would mean staff_sessions.id.
const outerUserId = sql`${users}.${sql.identifier("id")}`;
const outerSessionVersion = sql`${users}.${sql.identifier("session_version")}`;

function memberColumns(q: { idleCutoff: string }) {
  return {
    id: users.id,
    email: users.email,
    displayName: users.displayName,
    roles: users.roles,
    status: users.status,
    totpConfirmedAt: users.totpConfirmedAt,
    hasTotpSecret: sql<boolean>`${users.totpSecretEnc} is not null`,
    mustChangePassword: users.mustChangePassword,
    createdAt: users.createdAt,
    cursorAt: isoMicros(users.createdAt),
    // The latest session is the latest sign-in (staff_sessions_user_idx covers both subqueries).
    lastSignInAt: sql<Date | null>`(select max(${staffSessions.createdAt}) from ${staffSessions} where ${staffSessions.userId} = ${outerUserId})`.mapWith(
      staffSessions.createdAt,
    ),
    // What loadSessionActor would let through right now: not ended, not expired, not idle, current version.
    activeSessions: sql<number>`(select count(*)::int from ${staffSessions}
      where ${staffSessions.userId} = ${outerUserId}
        and ${staffSessions.endedAt} is null
        and ${staffSessions.expiresAt} > now()
        and ${staffSessions.lastSeenAt} > ${q.idleCutoff}::timestamptz
        and ${staffSessions.sessionVersion} = ${outerSessionVersion})`.mapWith(Number),
  };
}

type MemberRow = {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
  status: "active" | "disabled";
  totpConfirmedAt: Date | null;
  hasTotpSecret: boolean;
  mustChangePassword: boolean;
  createdAt: Date;
  lastSignInAt: Date | null;
  activeSessions: number;
};

type Pending = { grants: Awaited<ReturnType<typeof openGrantsOf>>; resets: Awaited<ReturnType<typeof openResetsOf>> };

/** The open grants and resets of the listed people. */
async function pendingOf(q: Queryable, ids: string[]): Promise<Pending> {
  return { grants: await openGrantsOf(q, ids), resets: await openResetsOf(q, ids) };
}

function toMember(actor: StaffActor, r: MemberRow, pending: Pending): StaffMember {
  return {
    id: r.id,
    email: r.email,
    displayName: r.displayName,
    roles: r.roles,
    status: r.status,
    enrolled: r.totpConfirmedAt !== null && Boolean(r.hasTotpSecret),
    mustChangePassword: r.mustChangePassword,
    lastSignInAt: r.lastSignInAt ? r.lastSignInAt.toISOString() : null,
    activeSessions: Number(r.activeSessions),
    createdAt: r.createdAt.toISOString(),
    isYou: r.id === actor.userId,
    pendingGrant: pending.grants.get(r.id) ?? null,
    pendingReset: pending.resets.get(r.id) ?? null,
  };
}

function idleCutoff(): string {
  return new Date(Date.now() - IDLE_TIMEOUT_MS).toISOString();
}

/** The staff of the actor's own organisation, newest first, keyset-paged by (created_at, id). */
export async function listStaff(actor: Actor, query: PageQuery = {}): Promise<StaffPage> {
  assertCan(actor, "users.manage");
  const q = pageQuery.parse(query);
  const limit = q.limit ?? STAFF_PAGE_SIZE;
  const db = await getDb();
  const rows = await db
    .select(memberColumns({ idleCutoff: idleCutoff() }))
    .from(users)
    .where(and(eq(users.orgId, actor.orgId), olderThan(users.createdAt, users.id, q.cursor)))
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const pending = await pendingOf(db, page.map((r) => r.id));
  return {
    items: page.map((r) => toMember(actor, r, pending)),
    nextCursor: rows.length > limit && last ? encodeInstantKey({ at: last.cursorAt, key: last.id }) : null,
  };
}

async function memberById(q: Queryable, actor: StaffActor, userId: string): Promise<StaffMember> {
  const [row] = await q
    .select(memberColumns({ idleCutoff: idleCutoff() }))
    .from(users)
    .where(and(eq(users.id, userId), eq(users.orgId, actor.orgId)));
  if (!row) throw new NotFound("staff member");
  return toMember(actor, row, await pendingOf(q, [row.id]));
}

/** One member of the actor's organisation. */
export async function getStaffMember(actor: Actor, userId: string): Promise<StaffMember> {
  assertCan(actor, "users.manage");
  if (!isUuid(userId)) throw new NotFound("staff member");
  return memberById(await getDb(), actor, userId);
}

// ---- Changing -----------------------------------------------------------------------------------

/** The target row, locked for the rest of the transaction; another organisation's id is not found. */
async function lockTarget(tx: Tx, actor: StaffActor, userId: string) {
  if (!isUuid(userId)) throw new NotFound("staff member");
  const [row] = await tx
    .select()
    .from(users)
    .where(and(eq(users.id, userId), eq(users.orgId, actor.orgId)))
    .for("update");
  if (!row) throw new NotFound("staff member");
  return row;
}

/** Refuses a change that would leave no active administrator but `leaving`. */
function keepAnAdministrator(activeAdmins: string[], leaving: string, field: "roles" | "status"): void {
  if (!activeAdmins.some((id) => id !== leaving)) throw new Conflict(STAFF_CONFLICTS.lastAdmin, { [field]: fieldError("last_admin") });
}

function isUniqueViolation(err: unknown): boolean {
  for (let e = err as { code?: string; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (e.code === "23505") return true;
  }
  return false;
}

/**
 * Nobody changes their own roles, password, second factor or status through the admin API (403
 * self_change_forbidden, naming the field). Renaming oneself and ending one's own sessions stay open.
 */
function refuseSelfChange(actor: StaffActor, userId: string, field: "roles" | "password" | "status", reason: "selfRoles" | "selfDisable" | "selfReset"): void {
  if (userId === actor.userId) throw new AppError(403, SELF_CHANGE_FORBIDDEN, STAFF_CONFLICTS[reason], { [field]: fieldError(STAFF_CONFLICT_CODES[reason]) });
}

const emailTaken = () => new Conflict(STAFF_CONFLICTS.emailTaken, { email: fieldError("email_taken") });

/**
 * A new member of the actor's organisation with a temporary password, returned here once and
 * never again. They replace it and set up their authenticator at the first sign-in.
 */
export async function createStaff(actor: Actor, input: CreateStaffInput): Promise<StaffWithPassword> {
  assertCan(actor, "users.manage");
  const data = createStaffRequest.parse(input);
  const db = await getDb();
  const [taken] = await db.select({ id: users.id }).from(users).where(eq(users.email, data.email));
  if (taken) throw emailTaken();
  const temporaryPassword = newTemporaryPassword();
  const passwordHash = await hashPassword(temporaryPassword);
  try {
    return await db.transaction(async (tx) => {
      // Manager and admin wait for a second administrator: the person starts with the other roles.
      const [row] = await tx
        .insert(users)
        .values({ orgId: actor.orgId, email: data.email, displayName: data.displayName, roles: data.roles.filter((r) => !isPrivileged(r)), passwordHash, mustChangePassword: true, credentialsIssuedBy: actor.userId })
        .returning();
      await writeAudit(tx, actor, { action: "users.created", entityType: "user", entityId: row!.id, bankId: actor.bankId, after: { ...auditView(row!), requestedRoles: data.roles } });
      await askForGrant(tx, actor, row!, data.roles.filter(isPrivileged), actor.orgKind);
      return { user: await memberById(tx, actor, row!.id), temporaryPassword };
    });
  } catch (err) {
    // Two admins adding the same e-mail at once: the unique index decides.
    if (isUniqueViolation(err)) throw emailTaken();
    throw err;
  }
}

const sameRoles = (a: readonly Role[], b: readonly Role[]) => a.length === b.length && a.every((r) => b.includes(r));

/**
 * New roles and/or a new name. `roles` is the whole set the person should have. Roles taken away
 * go at once and end the person's open sessions (they sign in again under what is left); bank
 * operator, investigator and auditor are added at once; manager and admin become a role grant that
 * waits for a second administrator (lib/users/grants.ts), and the answer shows it as pendingGrant.
 * One's own roles are never changed here. A new name changes no session: every request reads it.
 */
export async function updateStaff(actor: Actor, userId: string, input: UpdateStaffInput): Promise<StaffMember> {
  assertCan(actor, "users.manage");
  const data = updateStaffRequest.parse(input);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const admins = data.roles ? await lockActiveAdmins(tx, actor.orgId) : [];
    const current = await lockTarget(tx, actor, userId);
    const pending = (await openGrantsOf(tx, [current.id])).get(current.id)?.roles ?? [];
    const wanted = data.roles ?? null;
    const rolesChange = wanted !== null && !sameRoles(wanted, rolesInOrder([...current.roles, ...pending]));
    const nameChange = data.displayName !== undefined && data.displayName !== current.displayName ? data.displayName : null;
    if (!rolesChange && nameChange === null) return memberById(tx, actor, current.id);
    if (rolesChange) refuseSelfChange(actor, current.id, "roles", "selfRoles");

    const removed = wanted ? current.roles.filter((r) => !wanted.includes(r)) : [];
    const now = wanted ? rolesInOrder([...current.roles.filter((r) => wanted.includes(r)), ...wanted.filter((r) => !isPrivileged(r))]) : current.roles;
    if (removed.includes("admin") && current.status === "active") keepAnAdministrator(admins, current.id, "roles");
    if (wanted) await askForGrant(tx, actor, current, wanted.filter(isPrivileged), actor.orgKind);
    const audit = { entityType: "user" as const, entityId: current.id, bankId: actor.bankId };
    if (!sameRoles(now, current.roles)) {
      const [after] = await tx
        .update(users)
        .set({ roles: now, ...(removed.length ? { sessionVersion: sql`${users.sessionVersion} + 1` } : {}), updatedAt: sql`now()` })
        .where(eq(users.id, current.id))
        .returning();
      const sessionsEnded = removed.length ? await endAllSessions(tx, current.id, "roles_changed") : 0;
      await writeAudit(tx, actor, {
        ...audit,
        action: "users.roles_changed",
        before: { email: current.email, roles: current.roles },
        after: { email: after!.email, roles: after!.roles, removed, sessionsEnded },
      });
    }
    if (nameChange !== null) {
      await tx.update(users).set({ displayName: nameChange, updatedAt: sql`now()` }).where(eq(users.id, current.id));
      await writeAudit(tx, actor, { ...audit, action: "users.renamed", before: { email: current.email, displayName: current.displayName }, after: { email: current.email, displayName: nameChange } });
    }
    return memberById(tx, actor, current.id);
  });
}

export function changeRoles(actor: Actor, userId: string, roles: Role[]): Promise<StaffMember> {
  return updateStaff(actor, userId, { roles });
}

export function renameStaff(actor: Actor, userId: string, displayName: string): Promise<StaffMember> {
  return updateStaff(actor, userId, { displayName });
}

/**
 * Disables a person: they cannot sign in, and every session ends now (the bumped version voids
 * any request already on its way). An admin cannot disable themselves, nor the last active admin.
 */
export async function disableUser(actor: Actor, userId: string): Promise<SessionsEnded> {
  assertCan(actor, "users.manage");
  refuseSelfChange(actor, userId, "status", "selfDisable");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const admins = await lockActiveAdmins(tx, actor.orgId);
    const current = await lockTarget(tx, actor, userId);
    if (current.status === "disabled") throw new Conflict(STAFF_CONFLICTS.alreadyDisabled, { status: fieldError("already_disabled") });
    if (current.roles.includes("admin")) keepAnAdministrator(admins, current.id, "status");
    const [after] = await tx
      .update(users)
      .set({ status: "disabled", sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: sql`now()` })
      .where(eq(users.id, current.id))
      .returning();
    const ended = await endAllSessions(tx, current.id, "user_disabled");
    await writeAudit(tx, actor, {
      action: "users.disabled",
      entityType: "user",
      entityId: current.id,
      bankId: actor.bankId,
      before: auditView(current),
      after: { ...auditView(after!), sessionsEnded: ended },
    });
    return { user: await memberById(tx, actor, current.id), sessionsEnded: ended };
  });
}

/** Lets a disabled person sign in again (with their password and second factor as they were). */
export async function enableUser(actor: Actor, userId: string): Promise<StaffMember> {
  assertCan(actor, "users.manage");
  refuseSelfChange(actor, userId, "status", "selfDisable");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const current = await lockTarget(tx, actor, userId);
    if (current.status === "active") throw new Conflict(STAFF_CONFLICTS.alreadyActive, { status: fieldError("already_active") });
    const [after] = await tx.update(users).set({ status: "active", updatedAt: sql`now()` }).where(eq(users.id, current.id)).returning();
    await writeAudit(tx, actor, { action: "users.enabled", entityType: "user", entityId: current.id, bankId: actor.bankId, before: auditView(current), after: auditView(after!) });
    return memberById(tx, actor, current.id);
  });
}

/** Ends every open session of the person (a lost laptop); they can sign in again. */
export async function endSessions(actor: Actor, userId: string): Promise<SessionsEnded> {
  assertCan(actor, "users.manage");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const current = await lockTarget(tx, actor, userId);
    const ended = await endAllSessions(tx, current.id, "ended_by_admin");
    await writeAudit(tx, actor, { action: "users.sessions_ended", entityType: "user", entityId: current.id, bankId: actor.bankId, after: { email: current.email, sessionsEnded: ended } });
    return { user: await memberById(tx, actor, current.id), sessionsEnded: ended };
  });
}

/**
 * A new temporary password; the person must replace it at the next sign-in. With resetTotp their
 * authenticator is forgotten too and they enrol again. Their sessions end, and the failed sign-ins
 * counted on their e-mail are forgotten (the usual reason for a reset).
 *
 * For someone without manager or admin it is done at once and the password comes back here, once.
 * For a manager or admin (held or being granted) it waits for a second administrator
 * (lib/users/resets.ts): nothing changes yet, `temporaryPassword` is null, `user.pendingReset`
 * shows the request, and the approver alone receives the password.
 */
export async function resetPassword(actor: Actor, userId: string, input: ResetPasswordInput = {}): Promise<ResetPasswordAnswer> {
  assertCan(actor, "users.manage");
  refuseSelfChange(actor, userId, "password", "selfReset");
  const { resetTotp } = resetPasswordRequest.parse(input);
  const issued = await issueTemporaryPassword();
  const db = await getDb();
  return db.transaction(async (tx) => {
    // The staff changes' lock order (admins, the person, then a request): a reset asked for while
    // another admin approves one for the same person queues behind it.
    await lockActiveAdmins(tx, actor.orgId);
    const current = await lockTarget(tx, actor, userId);
    const pendingRoles = (await openGrantsOf(tx, [current.id])).get(current.id)?.roles ?? [];
    if (await resetNeedsSecondAdmin(tx, current, pendingRoles)) {
      await askForReset(tx, actor, current, resetTotp, actor.orgKind);
      return { user: await memberById(tx, actor, current.id), temporaryPassword: null };
    }
    await applyCredentialReset(tx, actor, current, { passwordHash: issued.passwordHash, resetTotp, bankId: actor.bankId, issuedBy: actor.userId });
    return { user: await memberById(tx, actor, current.id), temporaryPassword: issued.temporaryPassword };
  });
}
