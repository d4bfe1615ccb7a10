import "server-only";
import { and, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Queryable, Tx } from "@/db";
import { organisations, users } from "@/db/schema";
import type { ApprovalRecord, ApprovalTable, Locked } from "@/lib/approvals/engine";
import { OPEN_APPROVAL_STATUSES } from "@/lib/approvals/states";
import type { Actor, StaffActor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/policy";
import { NotFound } from "@/lib/errors";
import { isUuid } from "@/lib/http/cursor";
import { lockActiveAdmins } from "./locks";

/**
 * Who is the second person of a staff change that waits for one (a role grant, a credential reset):
 * the rule written once for every such area on the approval mechanism (lib/approvals). An
 * administrator decides; never the maker (the mechanism refuses them), never the person the change
 * is about; an admin of that person's organisation, or a carrier admin for a bank that has no admin
 * who could check it.
 */

/** A staff request table: the approval columns plus the organisation and the person it concerns. */
export type StaffRequestTable = ApprovalTable & { orgId: PgColumn; userId: PgColumn; status: PgColumn };

type UserRow = typeof users.$inferSelect;

/** A staff request locked for a decision, with its person and the admins who may check it. */
export type StaffRequestRecord = ApprovalRecord & { requestedBy: string; userId: string; orgId: string };

export interface LockedStaffRequest<R extends StaffRequestRecord> extends Locked<R> {
  target: UserRow;
  orgKind: "carrier" | "bank";
  /** Active admins of the request's organisation who may check it (not the maker, not the person). */
  checkers: string[];
}

export function staffRoleBlock(actor: StaffActor): "not_admin" | null {
  return can(actor, "users.manage") ? null : "not_admin";
}

/**
 * The second person, once the common rules pass (not the maker, still pending): never the person
 * concerned (`own`, the area's code); an admin of the same organisation; a carrier admin only for a
 * bank that has no admin who could check it.
 */
export function staffCheckerBlock<O extends string>(
  actor: StaffActor,
  s: { orgId: string; userId: string; orgKind: "carrier" | "bank"; checkers: string[] },
  own: O,
): O | "needs_org_admin" | null {
  if (actor.userId === s.userId) return own;
  if (actor.orgId === s.orgId) return null;
  if (actor.orgKind === "carrier" && s.orgKind === "bank" && s.checkers.length === 0) return null;
  return "needs_org_admin";
}

/** The requests an actor may see: their organisation's, and for the carrier's admins every bank's. */
export function staffRequestScope(actor: StaffActor, table: StaffRequestTable): SQL | undefined {
  return actor.orgKind === "carrier" ? undefined : eq(table.orgId, actor.orgId);
}

/**
 * Locks in the staff changes' order: the organisation's admins, the person, then the request. An
 * id outside the actor's scope is NotFound (`noun`).
 */
export async function lockStaffRequest<R extends StaffRequestRecord>(
  tx: Tx,
  actor: Actor,
  table: StaffRequestTable & PgTable,
  id: string,
  noun: string,
): Promise<LockedStaffRequest<R>> {
  if (!isUuid(id) || actor.kind !== "staff") throw new NotFound(noun);
  const [peek] = await tx
    .select({ orgId: table.orgId, userId: table.userId, orgKind: organisations.kind })
    .from(table as PgTable)
    .innerJoin(organisations, eq(organisations.id, table.orgId))
    .where(and(eq(table.id, id), staffRequestScope(actor, table)));
  if (!peek) throw new NotFound(noun);
  const admins = await lockActiveAdmins(tx, peek.orgId as string);
  const [target] = await tx
    .select()
    .from(users)
    .where(eq(users.id, peek.userId as string))
    .for("update");
  const [record] = (await tx
    .select()
    .from(table as PgTable)
    .where(eq(table.id, id))
    .for("update")) as unknown as R[];
  if (!target || !record) throw new NotFound(noun);
  return { record, target, orgKind: peek.orgKind, checkers: admins.filter((a) => a !== record.requestedBy && a !== record.userId) };
}

/**
 * Which requests an admin lists: their organisation's (open, or `all` with the decided ones), and
 * for the carrier's admins also the open requests of banks (the caller keeps only those the
 * carrier checks, see approversOf).
 */
export function staffRequestListWhere(actor: StaffActor, table: StaffRequestTable, status: "open" | "all"): SQL | undefined {
  const open = inArray(table.status, [...OPEN_APPROVAL_STATUSES]);
  const own = eq(table.orgId, actor.orgId);
  if (actor.orgKind === "carrier") return status === "open" ? open : or(own, open);
  return status === "open" ? and(own, open) : own;
}

/** Active admins per organisation (id and name), for the rule of who checks and the lists' names. */
async function activeAdminsOf(db: Queryable, orgIds: string[]): Promise<Map<string, { id: string; name: string }[]>> {
  const out = new Map<string, { id: string; name: string }[]>();
  if (orgIds.length === 0) return out;
  const rows = await db
    .select({ id: users.id, name: users.displayName, orgId: users.orgId })
    .from(users)
    .where(and(inArray(users.orgId, orgIds), eq(users.status, "active"), sql`'admin'::role = any(${users.roles})`))
    .orderBy(users.displayName);
  for (const r of rows) out.set(r.orgId, [...(out.get(r.orgId) ?? []), { id: r.id, name: r.name }]);
  return out;
}

export interface Approvers {
  who: "organisation" | "carrier";
  names: string[];
}

/**
 * For a list of requests: who may check each one (for the views), and the names of the people
 * who asked and decided. `of(row)` gives the approvers and the checker ids the rule needs.
 */
export async function approversOf(db: Queryable, rows: { orgId: string; orgKind: "carrier" | "bank"; userId: string; requestedBy: string; decidedBy: string | null }[]) {
  const carrierId = rows.length ? (await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.kind, "carrier")))[0]?.id : undefined;
  const admins = await activeAdminsOf(db, [...new Set([...rows.map((r) => r.orgId), ...(carrierId ? [carrierId] : [])])]);
  const peopleIds = [...new Set(rows.flatMap((r) => [r.requestedBy, r.decidedBy].filter((x): x is string => !!x)))];
  const people = new Map(
    peopleIds.length ? (await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, peopleIds))).map((p) => [p.id, p.name]) : [],
  );
  return {
    person: (id: string) => ({ id, name: people.get(id) ?? "" }),
    /** `issuer`: an admin the area keeps out too (a grant's person's credential issuer). */
    of(r: { orgId: string; orgKind: "carrier" | "bank"; userId: string; requestedBy: string; issuer?: string | null }): { approvers: Approvers; checkers: string[] } {
      const notInvolved = (a: { id: string }) => a.id !== r.requestedBy && a.id !== r.userId && a.id !== r.issuer;
      const checkers = (admins.get(r.orgId) ?? []).filter(notInvolved);
      const byCarrier = r.orgKind === "bank" && checkers.length === 0;
      return {
        approvers: byCarrier
          ? { who: "carrier", names: (carrierId ? (admins.get(carrierId) ?? []) : []).filter(notInvolved).map((a) => a.name) }
          : { who: "organisation", names: checkers.map((c) => c.name) },
        checkers: checkers.map((c) => c.id),
      };
    },
  };
}
