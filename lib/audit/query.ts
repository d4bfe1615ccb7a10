import "server-only";
import { and, asc, eq, gte, ilike, like, lt, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { getDb, type Queryable } from "@/db";
import { auditLog, organisations } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/policy";
import { orgScope } from "@/lib/auth/scope";
import { Invalid, fieldError } from "@/lib/errors";
import { fromJst } from "@/lib/format";
import { decodeCursor, encodeCursor } from "@/lib/http/cursor";
import { describeEntries } from "./entities";
import { AUDIT_FILTER_ERRORS, type AuditFilters, type AuditPage, type AuditRow } from "./schemas";

export const AUDIT_PAGE_SIZE = 50;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Which entries an actor may read (the permission "audit.read" is checked separately):
 * - a carrier auditor: every entry;
 * - a carrier administrator: the entries of the carrier's own organisation (what carrier staff
 *   and carrier API keys did), not what banks' staff did, and not entries without an
 *   organisation (sign-in attempts for unknown e-mails, sign-outs): those are for auditors;
 * - a bank's auditor or administrator: entries of their organisation, and entries about their
 *   bank made by anyone (a carrier investigator suspending their charges, for instance).
 */
export function auditScope(actor: Actor): SQL | undefined {
  if (actor.bankId !== null) return orgScope(actor, auditLog.orgId, auditLog.bankId);
  if (actor.kind === "staff" && actor.roles.includes("auditor")) return undefined;
  return eq(auditLog.orgId, actor.orgId);
}

/** LIKE treats % and _ as wildcards; a filter means them literally. */
function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

async function bankIdOf(db: Queryable, code: string): Promise<string> {
  const [bank] = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(and(eq(organisations.bankCode, code), eq(organisations.kind, "bank")));
  if (!bank) throw new Invalid("No such bank.", { bank: fieldError(AUDIT_FILTER_ERRORS.unknownBank) });
  return bank.id;
}

/** The WHERE of a listing or an export: the actor's scope AND the filters. */
export async function auditConditions(db: Queryable, actor: Actor, f: AuditFilters): Promise<SQL | undefined> {
  const c: (SQL | undefined)[] = [auditScope(actor)];
  if (f.action) c.push(like(auditLog.action, `${escapeLike(f.action)}%`));
  if (f.actor) c.push(ilike(auditLog.actorLabel, `%${escapeLike(f.actor)}%`));
  if (f.entityType) c.push(eq(auditLog.entityType, f.entityType));
  if (f.entityId) c.push(eq(auditLog.entityId, f.entityId));
  if (f.bank) c.push(eq(auditLog.bankId, await bankIdOf(db, f.bank)));
  if (f.from) c.push(gte(auditLog.at, fromJst(f.from)));
  if (f.to) c.push(lt(auditLog.at, new Date(fromJst(f.to).getTime() + DAY_MS)));
  return and(...c);
}

const orgOf = alias(organisations, "audit_org");
const bankOf = alias(organisations, "audit_bank");

/** One keyset page, newest first: entries older than `beforeSeq`. */
export async function fetchAuditPage(db: Queryable, where: SQL | undefined, beforeSeq: number | undefined, limit: number): Promise<AuditRow[]> {
  const rows = await db
    .select({
      seq: auditLog.seq,
      at: auditLog.at,
      actorLabel: auditLog.actorLabel,
      actorUserId: auditLog.actorUserId,
      actorApiKeyId: auditLog.actorApiKeyId,
      orgId: auditLog.orgId,
      orgNameJa: orgOf.nameJa,
      orgNameEn: orgOf.nameEn,
      bankId: auditLog.bankId,
      bankCode: bankOf.bankCode,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      // As text: drizzle's jsonb mapper would parse a JSON-looking string value ("123") again.
      before: sql<string | null>`${auditLog.before}::text`,
      after: sql<string | null>`${auditLog.after}::text`,
      requestId: auditLog.requestId,
      ip: auditLog.ip,
      hash: auditLog.hash,
    })
    .from(auditLog)
    .leftJoin(orgOf, eq(orgOf.id, auditLog.orgId))
    .leftJoin(bankOf, eq(bankOf.id, auditLog.bankId))
    .where(and(where, beforeSeq === undefined ? undefined : lt(auditLog.seq, beforeSeq)))
    // "desc nulls last", as the (org | bank | action, seq) indexes are declared: plain DESC means
    // NULLS FIRST, which the planner cannot read from them, and a bank's or an action's page would
    // walk the whole log backwards instead (seq is never null, so the order is the same).
    .orderBy(sql`${auditLog.seq} desc nulls last`)
    .limit(limit);
  return rows.map((r) => ({
    ...r,
    at: r.at.toISOString(),
    before: r.before === null ? null : (JSON.parse(r.before) as unknown),
    after: r.after === null ? null : (JSON.parse(r.after) as unknown),
  }));
}

/**
 * The audit entries the actor may read, newest first, 50 at a time. Keyset pagination by seq:
 * `cursor` is the `nextCursor` of the previous page (the shared cursor, lib/http/cursor.ts). No total is counted (the log grows without
 * bound). Reading the log is not itself audited; exporting it is.
 */
export async function listAudit(actor: Actor, filters: AuditFilters, cursor?: string): Promise<AuditPage> {
  assertCan(actor, "audit.read");
  const db = await getDb();
  const where = await auditConditions(db, actor, filters);
  const before = cursor === undefined ? undefined : decodeCursor(cursor, ["count"])[0];
  const rows = await fetchAuditPage(db, where, before, AUDIT_PAGE_SIZE + 1);
  const page = rows.slice(0, AUDIT_PAGE_SIZE);
  const more = rows.length > AUDIT_PAGE_SIZE;
  return { items: await describeEntries(db, actor, page), nextCursor: more ? encodeCursor([page.at(-1)!.seq]) : null };
}

export interface BankChoice {
  code: string;
  nameJa: string;
  nameEn: string;
}

/** The banks an actor may filter the audit log by: every bank for the carrier, their own for a bank. */
export async function auditBankChoices(actor: Actor): Promise<BankChoice[]> {
  assertCan(actor, "audit.read");
  const db = await getDb();
  const rows = await db
    .select({ code: organisations.bankCode, nameJa: organisations.nameJa, nameEn: organisations.nameEn })
    .from(organisations)
    .where(and(eq(organisations.kind, "bank"), actor.bankId === null ? undefined : eq(organisations.id, actor.bankId)))
    .orderBy(asc(organisations.bankCode));
  return rows.map((r) => ({ ...r, code: r.code ?? "" }));
}
