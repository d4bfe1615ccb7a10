import "server-only";
import { and, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { getDb, type Queryable, type Tx } from "@/db";
import { organisations, roleGrants, users, type Role } from "@/db/schema";
import { approve, auditRequested, cancel, decisionBlock, isRequester, reject, revise, type ApprovalArea } from "@/lib/approvals/engine";
import { OPEN_APPROVAL_STATUSES } from "@/lib/approvals/states";
import type { Actor, StaffActor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/policy";
import { writeAudit } from "@/lib/audit/write";
import { AppError, Conflict, NotFound, fieldError } from "@/lib/errors";
import { approversOf, lockStaffRequest, staffCheckerBlock, staffRequestListWhere, staffRequestScope, staffRoleBlock, type LockedStaffRequest } from "./four-eyes";
import {
  approveGrantRequest,
  cancelGrantRequest,
  CREDENTIAL_ISSUER_FORBIDDEN,
  GRANT_CONFLICTS,
  grantsQuery,
  rejectGrantRequest,
  rolesInOrder,
  type GrantBlock,
  type RoleGrantList,
  type RoleGrantView,
} from "./schemas";
import type { z } from "zod";

/**
 * Four-eyes for roles: granting manager or admin is a request on the shared approval mechanism
 * (lib/approvals). A second administrator approves it: an active admin of the same organisation
 * who is neither the maker nor the grantee; for a bank with no such admin, an admin of the carrier.
 * Until then the person keeps only their other roles. The maker never approves, by any path: the
 * mechanism refuses the requester, and the admin API refuses every change to one's own roles.
 *
 * Nor does the administrator who issued the person's current credentials (users.credentials_issued_by:
 * who created the account or received its last temporary password) ask for or approve it, and a
 * grant whose maker has since become the issuer is approved by nobody (withdrawn, another asks):
 * whoever may hold the person's password could sign in as them, so making them a manager or admin
 * takes two other administrators. The issuer is not a checker either (a bank whose only other admin
 * is the issuer is checked by the carrier).
 */

type GrantRow = typeof roleGrants.$inferSelect;
type UserRow = typeof users.$inferSelect;
type LockedGrant = LockedStaffRequest<GrantRow>;

export const GRANT_BLOCK_MESSAGES: Record<GrantBlock, string> = {
  api_key: "An API key never approves or rejects a role grant: an administrator decides.",
  not_admin: "Your role does not allow users.manage.",
  own_request: "Nobody approves or rejects their own role grant: another administrator decides.",
  not_pending: "The grant is no longer waiting for a decision.",
  own_grant: "Nobody approves or rejects a grant of roles to themselves: another administrator decides.",
  needs_org_admin: "This bank has an administrator who can decide: the carrier decides only for a bank with no other administrator.",
  credential_issuer:
    "The administrator who issued this person's current credentials (created the account or received its last temporary password) neither asks for nor approves their manager or admin role: two other administrators do.",
};

/** Whether the issuer of the person's current credentials is the actor or the grant's maker. */
function issuerBlock(actor: StaffActor, issuer: string | null, requestedBy: string): "credential_issuer" | null {
  return issuer !== null && (issuer === actor.userId || issuer === requestedBy) ? "credential_issuer" : null;
}

/** The person's issuer asks for no grant of manager or admin (403 credential_issuer_forbidden naming `roles`). */
function refuseIssuer(actor: StaffActor, target: UserRow): void {
  if (target.credentialsIssuedBy === actor.userId) throw new AppError(403, CREDENTIAL_ISSUER_FORBIDDEN, GRANT_CONFLICTS.issuer, { roles: fieldError("credential_issuer") });
}

function grantAudit(g: GrantRow) {
  return { userId: g.userId, roles: g.roles, status: g.status, revision: g.revision };
}

const grants: ApprovalArea<GrantRow, LockedGrant, GrantBlock> = {
  noun: "role grant",
  table: roleGrants,
  lock: async (tx, actor, id) => {
    const l = await lockStaffRequest<GrantRow>(tx, actor, roleGrants, id, "role grant");
    return { ...l, checkers: l.checkers.filter((a) => a !== l.target.credentialsIssuedBy) };
  },
  roleBlock: staffRoleBlock,
  checkerBlock: (actor, l) =>
    issuerBlock(actor, l.target.credentialsIssuedBy, l.record.requestedBy) ??
    staffCheckerBlock(actor, { ...l.record, orgKind: l.orgKind, checkers: l.checkers }, "own_grant"),
  blockMessages: GRANT_BLOCK_MESSAGES,
  blockCodes: { credential_issuer: CREDENTIAL_ISSUER_FORBIDDEN },
  // Adding roles: the person's sessions carry on and see the new roles on their next request.
  apply: async (tx, l, by) => {
    const before = l.target.roles;
    const after = rolesInOrder([...before, ...l.record.roles]);
    await tx.update(users).set({ roles: after, updatedAt: sql`now()` }).where(eq(users.id, l.target.id));
    await writeAudit(tx, by.actor, {
      action: "users.role_granted",
      entityType: "user",
      entityId: l.target.id,
      bankId: l.orgKind === "bank" ? l.record.orgId : null,
      before: { email: l.target.email, roles: before },
      after: { email: l.target.email, roles: after, granted: l.record.roles, grantId: l.record.id, revision: l.record.revision, requestedBy: l.record.requestedBy, approvedBy: by.approvedBy },
    });
  },
  audit: {
    entityType: "role_grant",
    bankId: (l) => (l.orgKind === "bank" ? l.record.orgId : null),
    actions: {
      requested: "users.role_grant_requested",
      revised: "users.role_grant_revised",
      cancelled: "users.role_grant_cancelled",
      approved: "users.role_grant_approved",
      rejected: "users.role_grant_rejected",
    },
    view: grantAudit,
  },
  onlyRequester: {
    revise: "Only the administrator who asked for the grant changes it; another one approves or rejects it.",
    cancel: "Only the administrator who asked for the grant withdraws it; another one may reject it.",
  },
};

// ---- Asking (from the staff changes) ------------------------------------------------------------

/**
 * Inside a staff change's transaction, after lockActiveAdmins and the person's row: makes the
 * person's open grant say `wanted` (the privileged roles they are to get beyond their current
 * ones). None open and some wanted: a new grant. The maker's own grant: revised (approval void),
 * or withdrawn when nothing is wanted any more. Another admin's grant: left alone when it already
 * says the same, else 409 (decide it first). Returns the open grant's id afterwards, or null.
 * The issuer of the person's current credentials asking for a role: 403 credential_issuer_forbidden.
 */
export async function askForGrant(tx: Tx, actor: StaffActor, target: UserRow, wanted: Role[], orgKind: "carrier" | "bank"): Promise<string | null> {
  const roles = rolesInOrder(wanted.filter((r) => !target.roles.includes(r)));
  const [open] = await tx
    .select()
    .from(roleGrants)
    .where(and(eq(roleGrants.userId, target.id), inArray(roleGrants.status, [...OPEN_APPROVAL_STATUSES])))
    .for("update");
  const same = open && open.roles.length === roles.length && open.roles.every((r) => roles.includes(r));
  if (open && same) return open.id;
  if (open && !isRequester(actor, open)) throw new Conflict(GRANT_CONFLICTS.pendingByOther, { roles: fieldError("grant_pending_by_other") });
  if (roles.length > 0) refuseIssuer(actor, target);
  if (open && roles.length === 0) {
    await cancel(tx, grants, actor, open.id, { note: "Withdrawn: the roles were taken out of the change." });
    return null;
  }
  if (open) {
    await revise(tx, grants, actor, open.id, open.revision, () => ({ roles }));
    return open.id;
  }
  if (roles.length === 0) return null;
  const [created] = await tx.insert(roleGrants).values({ orgId: target.orgId, userId: target.id, roles, requestedBy: actor.userId }).returning();
  await auditRequested(tx, grants, actor, created!, orgKind === "bank" ? target.orgId : null, { email: target.email, currentRoles: target.roles });
  return created!.id;
}

/** The open grants of some people, for the staff list: id → grant. */
export async function openGrantsOf(db: Queryable, userIds: string[]): Promise<Map<string, { id: string; roles: Role[]; revision: number; requestedBy: string; requestedAt: string }>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .select({ grant: roleGrants, maker: users.displayName })
    .from(roleGrants)
    .innerJoin(users, eq(users.id, roleGrants.requestedBy))
    .where(and(inArray(roleGrants.userId, userIds), inArray(roleGrants.status, [...OPEN_APPROVAL_STATUSES])));
  return new Map(
    rows.map(({ grant: g, maker }) => [g.userId, { id: g.id, roles: g.roles, revision: g.revision, requestedBy: maker, requestedAt: g.requestedAt.toISOString() }]),
  );
}

// ---- Reading ------------------------------------------------------------------------------------

function grantQuery(db: Queryable, where: SQL | undefined) {
  return db
    .select({ grant: roleGrants, user: users, org: organisations })
    .from(roleGrants)
    .innerJoin(users, eq(users.id, roleGrants.userId))
    .innerJoin(organisations, eq(organisations.id, roleGrants.orgId))
    .where(where)
    .orderBy(desc(roleGrants.requestedAt), desc(roleGrants.id));
}

type GrantQueryRow = Awaited<ReturnType<typeof grantQuery>>[number];

async function toViews(db: Queryable, actor: StaffActor, rows: GrantQueryRow[]): Promise<RoleGrantView[]> {
  const who = await approversOf(db, rows.map(({ grant: g, org }) => ({ ...g, orgKind: org.kind })));
  return rows.map(({ grant: g, user: u, org }) => {
    const { approvers, checkers } = who.of({ ...g, orgKind: org.kind, issuer: u.credentialsIssuedBy });
    const block = decisionBlock(actor, g, {
      roleBlock: staffRoleBlock,
      checkerBlock: (a) => issuerBlock(a, u.credentialsIssuedBy, g.requestedBy) ?? staffCheckerBlock(a, { ...g, orgKind: org.kind, checkers }, "own_grant"),
    });
    return {
      id: g.id,
      userId: u.id,
      email: u.email,
      displayName: u.displayName,
      roles: g.roles,
      currentRoles: u.roles,
      status: g.status,
      revision: g.revision,
      bankCode: org.bankCode,
      orgNameJa: org.nameJa,
      orgNameEn: org.nameEn,
      requestedBy: who.person(g.requestedBy),
      requestedAt: g.requestedAt.toISOString(),
      decidedBy: g.decidedBy ? who.person(g.decidedBy) : null,
      decidedAt: g.decidedAt?.toISOString() ?? null,
      decisionNote: g.decisionNote,
      approvers,
      viewer: { canApprove: block === null, approveBlockedBy: block, canCancel: g.requestedBy === actor.userId && (g.status === "pending" || g.status === "approved") },
    };
  });
}

/**
 * The role grants an administrator deals with, newest first: their organisation's, and for the
 * carrier's admins also the open grants of banks that have no admin to check them. `all` adds the
 * latest decided ones (at most 100 in all; open grants are few).
 */
export async function listRoleGrants(actor: Actor, query: z.input<typeof grantsQuery> = {}): Promise<RoleGrantList> {
  assertCan(actor, "users.manage");
  const q = grantsQuery.parse(query);
  const db = await getDb();
  const views = await toViews(db, actor, await grantQuery(db, staffRequestListWhere(actor, roleGrants, q.status)).limit(100));
  // A bank's grant is the carrier's business only while the carrier is its checker.
  return { grants: actor.orgKind === "carrier" ? views.filter((v) => v.bankCode === null || v.approvers.who === "carrier") : views };
}

async function viewOf(actor: StaffActor, id: string): Promise<RoleGrantView> {
  const db = await getDb();
  const [view] = await toViews(db, actor, await grantQuery(db, and(eq(roleGrants.id, id), staffRequestScope(actor, roleGrants))));
  if (!view) throw new NotFound("role grant");
  return view;
}

// ---- Deciding -----------------------------------------------------------------------------------

/** A second administrator approves the revision they reviewed: the roles are added at once. */
export async function approveRoleGrant(actor: Actor, grantId: string, input: z.input<typeof approveGrantRequest>): Promise<RoleGrantView> {
  assertCan(actor, "users.manage");
  const body = approveGrantRequest.parse(input);
  await (await getDb()).transaction((tx) => approve(tx, grants, actor, grantId, body));
  return viewOf(actor, grantId);
}

/** A second administrator rejects it: the person's roles stay as they are. */
export async function rejectRoleGrant(actor: Actor, grantId: string, input: z.input<typeof rejectGrantRequest> = {}): Promise<RoleGrantView> {
  assertCan(actor, "users.manage");
  const body = rejectGrantRequest.parse(input);
  await (await getDb()).transaction((tx) => reject(tx, grants, actor, grantId, body));
  return viewOf(actor, grantId);
}

/** The maker withdraws their grant. */
export async function cancelRoleGrant(actor: Actor, grantId: string, input: z.input<typeof cancelGrantRequest> = {}): Promise<RoleGrantView> {
  assertCan(actor, "users.manage");
  const body = cancelGrantRequest.parse(input);
  await (await getDb()).transaction((tx) => cancel(tx, grants, actor, grantId, body));
  return viewOf(actor, grantId);
}
