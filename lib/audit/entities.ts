import "server-only";
import { and, eq, inArray, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db";
import { apiKeys, cases, controlChangeRequests, credentialResets, linkedAccounts, organisations, roleGrants, users } from "@/db/schema";
import type { StaffActor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/policy";
import { isUuid } from "@/lib/http/cursor";
import type { AuditBank, AuditEntity, AuditItem, AuditPerson, AuditRow } from "./schemas";

/**
 * Names what a page of entries names, for the reader: the bank by its name and code, the person by
 * name and e-mail, the API key by its name, the account by its branch and masked number, and the
 * console page of each. Within the reader's scope, as every read is: a bank's staff see only their
 * bank and their organisation's people and keys named (an id of anything else stays unnamed), and
 * a page is linked only when the reader's role may open it. A handful of IN queries per page.
 */

/** Fields of before/after that hold a person's id. */
const PERSON_FIELDS = ["userId", "requestedBy", "approvedBy", "decidedBy"] as const;

const CONTROLS = new Set(["registrations", "charges"]);

interface Lookups {
  banksById: Map<string, AuditBank & { id: string }>;
  banksByCode: Map<string, AuditBank & { id: string }>;
  people: Map<string, AuditPerson & { orgId: string }>;
  keys: Map<string, { name: string; prefix: string; orgId: string }>;
  requests: Map<string, { bankId: string; control: "registrations" | "charges" }>;
  /** Role grants and credential resets: the person each is about. */
  grants: Map<string, { userId: string; orgId: string }>;
  links: Map<string, { bankId: string; branchCode: string; last4: string; holder: string }>;
  cases: Map<string, { bankId: string; reference: string; linkId: string }>;
}

/** A bank's staff see their own bank only; the carrier sees every bank. */
function bankWhere(actor: StaffActor, column: typeof organisations.id | typeof linkedAccounts.bankId): SQL | undefined {
  return actor.bankId === null ? undefined : eq(column, actor.bankId);
}

/** People and keys: a bank's staff see their own organisation's; the carrier every organisation's. */
function orgWhere(actor: StaffActor, column: typeof users.orgId | typeof apiKeys.orgId): SQL | undefined {
  return actor.bankId === null ? undefined : eq(column, actor.orgId);
}

function idsOf(rows: AuditRow[], type: string): string[] {
  return [...new Set(rows.filter((r) => r.entityType === type && r.entityId && isUuid(r.entityId)).map((r) => r.entityId!))];
}

function personIdsIn(doc: unknown): string[] {
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) return [];
  const d = doc as Record<string, unknown>;
  return PERSON_FIELDS.map((f) => d[f]).filter((v): v is string => typeof v === "string" && isUuid(v));
}

async function lookUp(db: Queryable, actor: StaffActor, rows: AuditRow[]): Promise<Lookups> {
  const requestIds = idsOf(rows, "control_change_request");
  const grantIds = idsOf(rows, "role_grant");
  const resetIds = idsOf(rows, "credential_reset");
  const linkIds = idsOf(rows, "linked_account");
  const caseIds = idsOf(rows, "case");
  const keyIds = new Set([...idsOf(rows, "api_key"), ...rows.flatMap((r) => (r.actorApiKeyId ? [r.actorApiKeyId] : []))]);

  const [requests, grantRows, resets, links, caseRows, keys] = await Promise.all([
    requestIds.length
      ? db
          .select({ id: controlChangeRequests.id, bankId: controlChangeRequests.bankId, control: controlChangeRequests.control })
          .from(controlChangeRequests)
          .where(and(inArray(controlChangeRequests.id, requestIds), actor.bankId === null ? undefined : eq(controlChangeRequests.bankId, actor.bankId)))
      : [],
    grantIds.length
      ? db
          .select({ id: roleGrants.id, userId: roleGrants.userId, orgId: roleGrants.orgId })
          .from(roleGrants)
          .where(and(inArray(roleGrants.id, grantIds), actor.bankId === null ? undefined : eq(roleGrants.orgId, actor.orgId)))
      : [],
    resetIds.length
      ? db
          .select({ id: credentialResets.id, userId: credentialResets.userId, orgId: credentialResets.orgId })
          .from(credentialResets)
          .where(and(inArray(credentialResets.id, resetIds), actor.bankId === null ? undefined : eq(credentialResets.orgId, actor.orgId)))
      : [],
    linkIds.length
      ? db
          .select({
            id: linkedAccounts.id,
            bankId: linkedAccounts.bankId,
            branchCode: linkedAccounts.branchCode,
            last4: linkedAccounts.accountLast4,
            holder: linkedAccounts.holderNameKana,
          })
          .from(linkedAccounts)
          .where(and(inArray(linkedAccounts.id, linkIds), bankWhere(actor, linkedAccounts.bankId)))
      : [],
    caseIds.length
      ? db
          .select({ id: cases.id, bankId: cases.bankId, reference: cases.reference, linkId: cases.linkedAccountId })
          .from(cases)
          .where(and(inArray(cases.id, caseIds), actor.bankId === null ? undefined : eq(cases.bankId, actor.bankId)))
      : [],
    keyIds.size
      ? db
          .select({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, orgId: apiKeys.orgId })
          .from(apiKeys)
          .where(and(inArray(apiKeys.id, [...keyIds]), orgWhere(actor, apiKeys.orgId)))
      : [],
  ]);
  const grants = [...grantRows, ...resets];

  const personIds = new Set<string>();
  for (const r of rows) {
    if (r.actorUserId) personIds.add(r.actorUserId);
    if (r.entityType === "user" && r.entityId && isUuid(r.entityId)) personIds.add(r.entityId);
    for (const id of [...personIdsIn(r.before), ...personIdsIn(r.after)]) personIds.add(id);
  }
  for (const g of grants) personIds.add(g.userId);

  const bankIds = new Set<string>();
  const bankCodes = new Set<string>();
  for (const r of rows) {
    if (r.bankId) bankIds.add(r.bankId);
    if (r.entityType === "bank_control" && r.entityId) bankCodes.add(r.entityId.split(":")[0]!);
  }
  for (const x of [...requests, ...links, ...caseRows]) bankIds.add(x.bankId);

  const [people, banks] = await Promise.all([
    personIds.size
      ? db
          .select({ id: users.id, name: users.displayName, email: users.email, orgId: users.orgId })
          .from(users)
          .where(and(inArray(users.id, [...personIds]), orgWhere(actor, users.orgId)))
      : [],
    bankIds.size || bankCodes.size
      ? db
          .select({ id: organisations.id, code: organisations.bankCode, nameJa: organisations.nameJa, nameEn: organisations.nameEn })
          .from(organisations)
          .where(and(eq(organisations.kind, "bank"), bankWhere(actor, organisations.id)))
      : [],
  ]);

  const wanted = banks.filter((b) => b.code !== null && (bankIds.has(b.id) || bankCodes.has(b.code)));
  const bank = (b: (typeof banks)[number]) => ({ id: b.id, code: b.code ?? "", nameJa: b.nameJa, nameEn: b.nameEn });
  return {
    banksById: new Map(wanted.map((b) => [b.id, bank(b)])),
    banksByCode: new Map(wanted.map((b) => [b.code!, bank(b)])),
    people: new Map(people.map((p) => [p.id, { name: p.name, email: p.email, orgId: p.orgId }])),
    keys: new Map(keys.map((k) => [k.id, k])),
    requests: new Map(requests.map((r) => [r.id, r])),
    grants: new Map(grants.map((g) => [g.id, g])),
    links: new Map(links.map((l) => [l.id, l])),
    cases: new Map(caseRows.map((c) => [c.id, c])),
  };
}

function publicBank(b: (AuditBank & { id: string }) | undefined): AuditBank | null {
  return b ? { code: b.code, nameJa: b.nameJa, nameEn: b.nameEn } : null;
}

function describeEntity(actor: StaffActor, r: AuditRow, l: Lookups): AuditEntity {
  const e: AuditEntity = { type: r.entityType, bank: null, control: null, name: null, detail: null, href: null };
  const id = r.entityId;
  const controlsPage = (b: AuditBank | null) => (b && can(actor, "controls.read") ? `/controls/${b.code}` : null);
  // The administration page manages the reader's own organisation's people and keys.
  const adminPage = (orgId: string, permission: "users.manage" | "api_keys.manage") => (orgId === actor.orgId && can(actor, permission) ? "/admin" : null);
  const person = (userId: string | null | undefined) => {
    const p = userId ? l.people.get(userId) : undefined;
    if (!p) return;
    e.name = p.name;
    e.detail = p.email;
    e.href = adminPage(p.orgId, "users.manage");
  };
  switch (r.entityType) {
    case "bank_control": {
      const [code, control] = (id ?? "").split(":");
      e.bank = publicBank(l.banksByCode.get(code ?? "") ?? (r.bankId ? l.banksById.get(r.bankId) : undefined));
      e.control = control && CONTROLS.has(control) ? (control as AuditEntity["control"]) : null;
      e.href = controlsPage(e.bank);
      break;
    }
    case "control_change_request": {
      const q = id ? l.requests.get(id) : undefined;
      e.bank = publicBank(l.banksById.get(q?.bankId ?? r.bankId ?? ""));
      e.control = q?.control ?? null;
      e.href = controlsPage(e.bank);
      break;
    }
    case "linked_account": {
      const a = id ? l.links.get(id) : undefined;
      if (!a) break;
      e.bank = publicBank(l.banksById.get(a.bankId));
      // The holder and account are what the accounts page shows, to the roles that may read it.
      if (can(actor, "accounts.read")) {
        e.name = a.holder;
        e.detail = `${a.branchCode} ****${a.last4}`;
        e.href = `/accounts/${id}`;
      }
      break;
    }
    case "case": {
      const c = id ? l.cases.get(id) : undefined;
      if (!c) break;
      e.bank = publicBank(l.banksById.get(c.bankId));
      e.name = c.reference;
      e.href = can(actor, "accounts.read") ? `/accounts/${c.linkId}` : null;
      break;
    }
    case "user":
      person(id);
      break;
    case "session":
      person(r.actorUserId);
      e.href = null;
      break;
    case "role_grant":
    case "credential_reset": {
      const g = id ? l.grants.get(id) : undefined;
      person(g?.userId);
      break;
    }
    case "api_key": {
      const k = id ? l.keys.get(id) : undefined;
      if (!k) break;
      e.name = k.name;
      e.detail = k.prefix;
      e.href = adminPage(k.orgId, "api_keys.manage");
      break;
    }
    case "route":
      e.name = id;
      break;
    case "audit_log":
      e.href = "/audit";
      break;
  }
  if (!e.bank && r.bankId) e.bank = publicBank(l.banksById.get(r.bankId));
  return e;
}

/** The rows as the page shows them: with the actor, the bank, the entity and the people named. */
export async function describeEntries(db: Queryable, actor: StaffActor, rows: AuditRow[]): Promise<AuditItem[]> {
  if (rows.length === 0) return [];
  const l = await lookUp(db, actor, rows);
  return rows.map((r) => {
    const people: Record<string, AuditPerson> = {};
    for (const id of [...personIdsIn(r.before), ...personIdsIn(r.after)]) {
      const p = l.people.get(id);
      if (p) people[id] = { name: p.name, email: p.email };
    }
    const actorName = r.actorUserId ? (l.people.get(r.actorUserId)?.name ?? null) : r.actorApiKeyId ? (l.keys.get(r.actorApiKeyId)?.name ?? null) : null;
    return {
      ...r,
      actorName,
      bank: publicBank(r.bankId ? l.banksById.get(r.bankId) : undefined),
      entity: describeEntity(actor, r, l),
      people,
    };
  });
}
