import "server-only";
import { and, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { getDb, type Queryable, type Tx } from "@/db";
import { credentialResets, organisations, users } from "@/db/schema";
import { approve, auditRequested, cancel, decisionBlock, isRequester, reject, revise, type ApprovalArea } from "@/lib/approvals/engine";
import { OPEN_APPROVAL_STATUSES } from "@/lib/approvals/states";
import type { Actor, StaffActor } from "@/lib/auth/actor";
import type { AuditSubject } from "@/lib/audit/write";
import { hashPassword } from "@/lib/auth/passwords";
import { assertCan } from "@/lib/auth/policy";
import { endAllSessions } from "@/lib/auth/sessions";
import { forgetFailures } from "@/lib/auth/throttle";
import { writeAudit } from "@/lib/audit/write";
import { Conflict, NotFound, fieldError } from "@/lib/errors";
import { auditView } from "./audit-view";
import { approversOf, lockStaffRequest, staffCheckerBlock, staffRequestListWhere, staffRequestScope, staffRoleBlock, type LockedStaffRequest } from "./four-eyes";
import {
  approveGrantRequest,
  cancelGrantRequest,
  grantsQuery,
  isPrivileged,
  RESET_CONFLICTS,
  rejectGrantRequest,
  type ApprovedReset,
  type CredentialResetList,
  type CredentialResetView,
  type ResetBlock,
} from "./schemas";
import { newTemporaryPassword } from "./temporary-password";
import type { z } from "zod";

/**
 * Four-eyes for credentials. Whoever resets the password or second factor of a manager or admin
 * could sign in as them (the temporary password comes back, the new authenticator is theirs to
 * enrol) and be the second person of their own loosening or role grant. So such a reset is a
 * request on the shared approval mechanism (lib/approvals), decided by the same people as a role
 * grant (lib/users/four-eyes.ts): another admin of the organisation, or the carrier's for a bank
 * without one. Nothing of the account changes until it is approved; then the temporary password is
 * made and goes to the approver alone, once. The maker never sees it, so no single admin ever holds
 * a privileged account's new credentials. Everyone else's reset stays immediate (lib/users/service.ts).
 */

type ResetRow = typeof credentialResets.$inferSelect;
type UserRow = typeof users.$inferSelect;
type LockedReset = LockedStaffRequest<ResetRow>;

export const RESET_BLOCK_MESSAGES: Record<ResetBlock, string> = {
  api_key: "An API key never approves or rejects a credential reset: an administrator decides.",
  not_admin: "Your role does not allow users.manage.",
  own_request: "Nobody approves or rejects a credential reset they asked for: another administrator decides.",
  not_pending: "The reset is no longer waiting for a decision.",
  own_account: "Nobody approves or rejects a reset of their own password or second factor: another administrator decides.",
  needs_org_admin: "This bank has an administrator who can decide: the carrier decides only for a bank with no other administrator.",
};

/** A new temporary password and its hash (hashed before any row is locked: argon2 takes a while). */
export interface IssuedPassword {
  temporaryPassword: string;
  passwordHash: string;
}

export async function issueTemporaryPassword(): Promise<IssuedPassword> {
  const temporaryPassword = newTemporaryPassword();
  return { temporaryPassword, passwordHash: await hashPassword(temporaryPassword) };
}

/**
 * Does it: the new password hash (to be changed at the next sign-in), the second factor forgotten
 * if asked, every session ended (the bumped version voids requests on their way), the failed
 * sign-ins on the e-mail forgotten, and the audit entry. `extra` says what the entry names besides
 * (the request, its maker and its approver). `issuedBy` is who receives the temporary password
 * (the admin who resets, or the approver): the person's credential issuer from now on.
 */
export async function applyCredentialReset(
  tx: Tx,
  by: Actor | AuditSubject,
  target: UserRow,
  change: { passwordHash: string; resetTotp: boolean; bankId: string | null; issuedBy: string; extra?: Record<string, unknown> },
): Promise<void> {
  const [after] = await tx
    .update(users)
    .set({
      passwordHash: change.passwordHash,
      mustChangePassword: true,
      credentialsIssuedBy: change.issuedBy,
      sessionVersion: sql`${users.sessionVersion} + 1`,
      ...(change.resetTotp ? { totpSecretEnc: null, totpPendingSecretEnc: null, totpConfirmedAt: null, totpLastStep: null } : {}),
      updatedAt: sql`now()`,
    })
    .where(eq(users.id, target.id))
    .returning();
  const ended = await endAllSessions(tx, target.id, "password_reset");
  await forgetFailures(tx, target.email);
  await writeAudit(tx, by, {
    action: "users.password_reset",
    entityType: "user",
    entityId: target.id,
    bankId: change.bankId,
    before: auditView(target),
    after: { ...auditView(after!), totpReset: change.resetTotp, sessionsEnded: ended, ...change.extra },
  });
}

function resetAudit(r: ResetRow) {
  return { userId: r.userId, resetTotp: r.resetTotp, status: r.status, revision: r.revision };
}

const bankOf = (l: LockedReset) => (l.orgKind === "bank" ? l.record.orgId : null);

/**
 * The area on the approval mechanism. Applying needs the temporary password made for this
 * approval (`issued`); asking, rejecting and withdrawing make none.
 */
function resetArea(issued: IssuedPassword | null): ApprovalArea<ResetRow, LockedReset, ResetBlock> {
  return {
    noun: "credential reset",
    table: credentialResets,
    lock: (tx, actor, id) => lockStaffRequest<ResetRow>(tx, actor, credentialResets, id, "credential reset"),
    roleBlock: staffRoleBlock,
    checkerBlock: (actor, l) => staffCheckerBlock(actor, { ...l.record, orgKind: l.orgKind, checkers: l.checkers }, "own_account"),
    blockMessages: RESET_BLOCK_MESSAGES,
    apply: async (tx, l, by) => {
      if (!issued || !by.approvedBy) throw new Error("a credential reset is applied at its approval, with the temporary password made for it");
      await applyCredentialReset(tx, by.actor, l.target, {
        passwordHash: issued.passwordHash,
        resetTotp: l.record.resetTotp,
        bankId: bankOf(l),
        // The approver receives the password: they are the issuer now.
        issuedBy: by.approvedBy,
        extra: { resetId: l.record.id, revision: l.record.revision, requestedBy: l.record.requestedBy, approvedBy: by.approvedBy },
      });
    },
    audit: {
      entityType: "credential_reset",
      bankId: bankOf,
      actions: {
        requested: "users.credential_reset_requested",
        revised: "users.credential_reset_revised",
        cancelled: "users.credential_reset_cancelled",
        approved: "users.credential_reset_approved",
        rejected: "users.credential_reset_rejected",
      },
      view: resetAudit,
    },
    onlyRequester: {
      revise: "Only the administrator who asked for the reset changes it; another one approves or rejects it.",
      cancel: "Only the administrator who asked for the reset withdraws it; another one may reject it.",
    },
  };
}

// ---- Asking (from the staff service's reset) ----------------------------------------------------

/** The person's open reset, locked (after the person's row), or undefined. */
async function openResetOf(tx: Tx, userId: string): Promise<ResetRow | undefined> {
  const [open] = await tx
    .select()
    .from(credentialResets)
    .where(and(eq(credentialResets.userId, userId), inArray(credentialResets.status, [...OPEN_APPROVAL_STATUSES])))
    .for("update");
  return open;
}

/**
 * Inside the reset's transaction, after lockActiveAdmins and the person's row: whether this reset
 * waits for a second administrator. It does for anyone who holds manager or admin, or is being
 * granted one (a reset slipped in before the grant's approval would hand the maker the account),
 * or whose reset is already waiting (it is decided first).
 */
export async function resetNeedsSecondAdmin(tx: Tx, target: UserRow, pendingRoles: readonly string[]): Promise<boolean> {
  if (target.roles.some(isPrivileged) || pendingRoles.length > 0) return true;
  return (await openResetOf(tx, target.id)) !== undefined;
}

/**
 * Makes the person's open reset say `resetTotp`: none open, a new request; the maker's own,
 * revised (an approval is void); another admin's, left alone when it says the same, else 409.
 */
export async function askForReset(tx: Tx, actor: StaffActor, target: UserRow, resetTotp: boolean, orgKind: "carrier" | "bank"): Promise<string> {
  const open = await openResetOf(tx, target.id);
  if (open && open.resetTotp === resetTotp) return open.id;
  if (open && !isRequester(actor, open)) throw new Conflict(RESET_CONFLICTS.pendingByOther, { password: fieldError("reset_pending_by_other") });
  const area = resetArea(null);
  if (open) {
    await revise(tx, area, actor, open.id, open.revision, () => ({ resetTotp }));
    return open.id;
  }
  const [created] = await tx.insert(credentialResets).values({ orgId: target.orgId, userId: target.id, resetTotp, requestedBy: actor.userId }).returning();
  await auditRequested(tx, area, actor, created!, orgKind === "bank" ? target.orgId : null, { email: target.email, roles: target.roles });
  return created!.id;
}

/** The open resets of some people, for the staff list: person id → reset. */
export async function openResetsOf(db: Queryable, userIds: string[]): Promise<Map<string, { id: string; resetTotp: boolean; revision: number; requestedBy: string; requestedAt: string }>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .select({ reset: credentialResets, maker: users.displayName })
    .from(credentialResets)
    .innerJoin(users, eq(users.id, credentialResets.requestedBy))
    .where(and(inArray(credentialResets.userId, userIds), inArray(credentialResets.status, [...OPEN_APPROVAL_STATUSES])));
  return new Map(
    rows.map(({ reset: r, maker }) => [r.userId, { id: r.id, resetTotp: r.resetTotp, revision: r.revision, requestedBy: maker, requestedAt: r.requestedAt.toISOString() }]),
  );
}

// ---- Reading ------------------------------------------------------------------------------------

function resetQuery(db: Queryable, where: SQL | undefined) {
  return db
    .select({ reset: credentialResets, user: users, org: organisations })
    .from(credentialResets)
    .innerJoin(users, eq(users.id, credentialResets.userId))
    .innerJoin(organisations, eq(organisations.id, credentialResets.orgId))
    .where(where)
    .orderBy(desc(credentialResets.requestedAt), desc(credentialResets.id));
}

type ResetQueryRow = Awaited<ReturnType<typeof resetQuery>>[number];

async function toViews(db: Queryable, actor: StaffActor, rows: ResetQueryRow[]): Promise<CredentialResetView[]> {
  const who = await approversOf(db, rows.map(({ reset: r, org }) => ({ ...r, orgKind: org.kind })));
  return rows.map(({ reset: r, user: u, org }) => {
    const { approvers, checkers } = who.of({ ...r, orgKind: org.kind });
    const block = decisionBlock(actor, r, { roleBlock: staffRoleBlock, checkerBlock: (a) => staffCheckerBlock(a, { ...r, orgKind: org.kind, checkers }, "own_account") });
    return {
      id: r.id,
      userId: u.id,
      email: u.email,
      displayName: u.displayName,
      currentRoles: u.roles,
      resetTotp: r.resetTotp,
      status: r.status,
      revision: r.revision,
      bankCode: org.bankCode,
      orgNameJa: org.nameJa,
      orgNameEn: org.nameEn,
      requestedBy: who.person(r.requestedBy),
      requestedAt: r.requestedAt.toISOString(),
      decidedBy: r.decidedBy ? who.person(r.decidedBy) : null,
      decidedAt: r.decidedAt?.toISOString() ?? null,
      decisionNote: r.decisionNote,
      approvers,
      viewer: { canApprove: block === null, approveBlockedBy: block, canCancel: r.requestedBy === actor.userId && (r.status === "pending" || r.status === "approved") },
    };
  });
}

/**
 * The credential resets an administrator deals with, newest first: their organisation's, and for
 * the carrier's admins also the open resets of banks that have no admin to check them. `all` adds
 * the latest decided ones (at most 100 in all).
 */
export async function listCredentialResets(actor: Actor, query: z.input<typeof grantsQuery> = {}): Promise<CredentialResetList> {
  assertCan(actor, "users.manage");
  const q = grantsQuery.parse(query);
  const db = await getDb();
  const views = await toViews(db, actor, await resetQuery(db, staffRequestListWhere(actor, credentialResets, q.status)).limit(100));
  // A bank's reset is the carrier's business only while the carrier is its checker.
  return { resets: actor.orgKind === "carrier" ? views.filter((v) => v.bankCode === null || v.approvers.who === "carrier") : views };
}

async function viewOf(actor: StaffActor, id: string): Promise<CredentialResetView> {
  const db = await getDb();
  const [view] = await toViews(db, actor, await resetQuery(db, and(eq(credentialResets.id, id), staffRequestScope(actor, credentialResets))));
  if (!view) throw new NotFound("credential reset");
  return view;
}

// ---- Deciding -----------------------------------------------------------------------------------

/**
 * A second administrator approves the revision they reviewed: the password (and second factor) is
 * reset now, the person's sessions end, and the temporary password comes back in this answer only.
 */
export async function approveCredentialReset(actor: Actor, resetId: string, input: z.input<typeof approveGrantRequest>): Promise<ApprovedReset> {
  assertCan(actor, "users.manage");
  const body = approveGrantRequest.parse(input);
  const issued = await issueTemporaryPassword();
  await (await getDb()).transaction((tx) => approve(tx, resetArea(issued), actor, resetId, body));
  return { reset: await viewOf(actor, resetId), temporaryPassword: issued.temporaryPassword };
}

/** A second administrator rejects it: the person's password and second factor stay as they are. */
export async function rejectCredentialReset(actor: Actor, resetId: string, input: z.input<typeof rejectGrantRequest> = {}): Promise<CredentialResetView> {
  assertCan(actor, "users.manage");
  const body = rejectGrantRequest.parse(input);
  await (await getDb()).transaction((tx) => reject(tx, resetArea(null), actor, resetId, body));
  return viewOf(actor, resetId);
}

/** The maker withdraws their reset. */
export async function cancelCredentialReset(actor: Actor, resetId: string, input: z.input<typeof cancelGrantRequest> = {}): Promise<CredentialResetView> {
  assertCan(actor, "users.manage");
  const body = cancelGrantRequest.parse(input);
  await (await getDb()).transaction((tx) => cancel(tx, resetArea(null), actor, resetId, body));
  return viewOf(actor, resetId);
}
