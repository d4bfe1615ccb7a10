import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { getDb, type Queryable } from "@/db";
import { maskAccount } from "@/lib/accounts/query";
import { queryRows } from "@/lib/accounts/rows";
import { escapeLike } from "@/lib/accounts/search";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/policy";
import { Invalid, fieldError } from "@/lib/errors";
import { decodeCursor, encodeCursor, InvalidCursor, isUuid } from "@/lib/http/cursor";
import { keysetPage } from "@/lib/http/keyset";
import {
  ASSIGNEE_ME,
  ASSIGNEE_NONE,
  BULK_CAP,
  CASE_SORT_ORDERS,
  CASE_SORTS,
  CASE_STATUSES,
  DEFAULT_CASE_ORDER,
  DUE_SOON_HOURS,
  OPEN_CASE_STATUSES,
  type CaseSort,
  type CaseSortOrder,
} from "./constants";
import { CASES_ERRORS, statusesOf, type CaseFilters, type CaseListItem, type CaseListQuery, type CasePage } from "./schemas";
import { classifyCaseSearch } from "./search";

/**
 * The investigators' queue: the cases the actor may see (a bank's staff: their bank's; the
 * carrier: every bank), filtered, sorted by due date, loss, age or last activity, and paged by
 * keyset exactly like the accounts list (lib/accounts/query.ts): the page's ids are read from the
 * sort's index strictly after the cursor's (value, id), then decorated. Never OFFSET: a deep page
 * costs what the first does.
 *
 * Indexes (migration 0018 and 0019): open cases due first over every bank (cases_open_due_idx) or
 * one bank (cases_open_bank_due_idx), loss, opened and activity over all cases and per bank. The
 * default view (open, not snoozed, due first) walks the partial due index from the cursor.
 *
 * Raw SQL (drizzle's `sql` with bound parameters) because the keyset comparison and the index
 * orders must be spelled exactly; every sort column comes from the allow-list below.
 */

const SORT_COLUMN: Record<CaseSort, SQL> = {
  due: sql.raw("c.due_at"),
  loss: sql.raw("c.loss_yen"),
  opened: sql.raw("c.opened_at"),
  activity: sql.raw("c.last_activity_at"),
};

/**
 * The direction as the sort's index holds it: the due indexes are ascending (nulls last, read
 * backwards for descending); the others are (… DESC NULLS LAST), read backwards for ascending.
 * The columns are NOT NULL: only the planner sees the difference.
 */
function ord(sort: CaseSort, dir: CaseSortOrder): SQL {
  if (sort === "due") return sql.raw(dir);
  return sql.raw(dir === "desc" ? "desc nulls last" : "asc nulls first");
}

function cmp(dir: CaseSortOrder): SQL {
  return sql.raw(dir === "desc" ? "<" : ">");
}

function reverse(o: CaseSortOrder): CaseSortOrder {
  return o === "desc" ? "asc" : "desc";
}

/** The sort key of a row: where a keyset page starts or ends. */
export interface CaseKey {
  /** The instant of an instant sort (due, opened, activity); the epoch for the loss sort. */
  at: string;
  yen: number;
  id: string;
}

export interface CaseCursor extends CaseKey {
  sort: CaseSort;
  order: CaseSortOrder;
  /** true: the page before this row; false: the rows after it. */
  before: boolean;
}

const EPOCH = "1970-01-01T00:00:00.000000Z";
/** [sort, order, instant, id, before (0 or 1), loss yen (0 unless the loss sort)]: the shared keyset cursor. */
const CASE_CURSOR = ["text", "text", "instant", "uuid", "count", "count"] as const;

export function encodeCaseCursor(c: CaseCursor): string {
  return encodeCursor([c.sort, c.order, c.sort === "loss" ? EPOCH : c.at, c.id, c.before ? 1 : 0, c.sort === "loss" ? c.yen : 0]);
}

/** The cursor, for a list in this sort and order; InvalidCursor when it is not one (or belongs to another sort). */
export function decodeCaseCursor(s: string, sort: CaseSort, order: CaseSortOrder): CaseCursor {
  const [cSort, cOrder, at, id, before, yen] = decodeCursor(s, CASE_CURSOR);
  if (!(CASE_SORTS as readonly string[]).includes(cSort) || !(CASE_SORT_ORDERS as readonly string[]).includes(cOrder) || before > 1) throw new InvalidCursor();
  if (cSort !== sort || cOrder !== order) throw new InvalidCursor(CASES_ERRORS.cursorSort);
  return { sort, order, at, id, yen, before: before === 1 };
}

export function keyOf(sort: CaseSort, r: CaseListItem): CaseKey {
  const at = sort === "due" ? r.dueAt : sort === "opened" ? r.openedAt : sort === "activity" ? r.lastActivityAt : EPOCH;
  return { at, yen: r.lossYen, id: r.id };
}

function keyset(sort: CaseSort, dir: CaseSortOrder, after: CaseKey): SQL {
  const value = sort === "loss" ? sql`${after.yen}::bigint` : sql`${after.at}::timestamptz`;
  return sql`(${SORT_COLUMN[sort]}, c.id) ${cmp(dir)} (${value}, ${after.id}::uuid)`;
}

async function bankIdOf(db: Queryable, actor: Actor, code: string): Promise<string> {
  const res = await queryRows<{ id: string }>(db, sql`select id::text as id from organisations where kind = 'bank' and bank_code = ${code}`);
  const id = res[0]?.id;
  if (!id || (actor.bankId !== null && actor.bankId !== id)) throw new Invalid("No such bank in your scope.", { bank: fieldError(CASES_ERRORS.unknownBank) });
  return id;
}

async function incidentIdOf(db: Queryable, idOrReference: string): Promise<string> {
  const key = isUuid(idOrReference) ? sql`id = ${idOrReference.toLowerCase()}::uuid` : sql`reference = ${idOrReference.toUpperCase()}`;
  const res = await queryRows<{ id: string }>(db, sql`select id::text as id from incidents where ${key}`);
  const id = res[0]?.id;
  if (!id) throw new Invalid("No such incident.", { incident: fieldError(CASES_ERRORS.unknownIncident) });
  return id;
}

const list = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

/** Cases whose linked account (alias la) matches `cond`. */
const linkMatches = (cond: SQL) => sql`c.linked_account_id in (select la.id from linked_accounts la where ${cond})`;
/** Cases whose link's wallet (alias w) matches `cond`. */
const walletMatches = (cond: SQL) => sql`c.linked_account_id in (select la.id from linked_accounts la join wallets w on w.id = la.wallet_id where ${cond})`;

/**
 * The WHERE of the queue, on alias `c`: the actor's bank AND the filters. Without a status the
 * open ones are listed; open-only lists say `c.status <> 'closed'` in those words, which is the
 * predicate of the partial due indexes.
 */
export async function caseConditions(db: Queryable, actor: Actor, f: Omit<CaseFilters, "sort" | "order">, now: Date): Promise<SQL> {
  const c: SQL[] = [];
  if (actor.bankId !== null) c.push(sql`c.bank_id = ${actor.bankId}::uuid`);
  if (f.bank) {
    const bankId = await bankIdOf(db, actor, f.bank);
    if (actor.bankId === null) c.push(sql`c.bank_id = ${bankId}::uuid`);
  }
  const statuses = statusesOf(f);
  if (!statuses.includes("closed")) {
    c.push(sql`c.status <> 'closed'`);
    if (statuses.length < OPEN_CASE_STATUSES.length) c.push(sql`c.status in (${list(statuses)})`);
  } else if (statuses.length < CASE_STATUSES.length) c.push(sql`c.status in (${list(statuses)})`);
  if (f.outcome) c.push(sql`c.outcome in (${list(f.outcome)})`);
  if (f.severity) c.push(sql`c.severity in (${list(f.severity)})`);
  if (f.assignee === ASSIGNEE_ME) c.push(actor.kind === "staff" ? sql`c.assignee_id = ${actor.userId}::uuid` : sql`false`);
  else if (f.assignee === ASSIGNEE_NONE) c.push(sql`c.assignee_id is null`);
  else if (f.assignee) c.push(sql`c.assignee_id = ${f.assignee}::uuid`);
  if (f.incident) c.push(sql`c.incident_id = ${await incidentIdOf(db, f.incident)}::uuid`);
  const nowIso = now.toISOString();
  if (f.sla === "overdue") c.push(sql`c.status <> 'closed' and c.due_at < ${nowIso}::timestamptz`);
  if (f.sla === "due_24h") {
    const soon = new Date(now.getTime() + DUE_SOON_HOURS * 3_600_000).toISOString();
    c.push(sql`c.status <> 'closed' and c.due_at >= ${nowIso}::timestamptz and c.due_at < ${soon}::timestamptz`);
  }
  if (f.lossMin !== undefined) c.push(sql`c.loss_yen >= ${f.lossMin}::bigint`);
  if (f.lossMax !== undefined) c.push(sql`c.loss_yen <= ${f.lossMax}::bigint`);
  if (f.snoozed === "only") c.push(sql`c.snoozed_until > ${nowIso}::timestamptz`);
  else if (f.snoozed !== "include") c.push(sql`(c.snoozed_until is null or c.snoozed_until <= ${nowIso}::timestamptz)`);
  if (f.q) {
    const s = classifyCaseSearch(f.q);
    switch (s.kind) {
      case "reference":
        c.push(sql`c.reference like ${`${escapeLike(s.value)}%`}`);
        break;
      case "last4":
        c.push(linkMatches(sql`la.account_last4 = ${s.value}`));
        break;
      case "holder":
        // holder_name_search is NFKC-folded, without spaces (lib/kana.ts): either width meets here.
        c.push(linkMatches(sql`la.holder_name_search like ${`${escapeLike(s.value)}%`}`));
        break;
      case "email":
        c.push(walletMatches(sql`lower(w.email) like ${`${escapeLike(s.value)}%`}`));
        break;
      case "wallet_or_email":
        c.push(walletMatches(sql`(w.id like ${`${escapeLike(s.walletPrefix)}%`} or lower(w.email) like ${`${escapeLike(s.emailPrefix)}%`})`));
        break;
      case "invalid":
        throw new Invalid("The search is not valid.", { q: fieldError(s.reason === "short" ? CASES_ERRORS.searchShort : CASES_ERRORS.search) });
    }
  }
  return c.length ? sql.join(c, sql` and `) : sql`true`;
}

const ISO_US = sql.raw(`'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`);

interface RawCase extends Record<string, unknown> {
  id: string;
  reference: string;
  bank_code: string;
  name_ja: string;
  name_en: string;
  link_id: string;
  holder_name_kana: string;
  account_last4: string;
  status: CaseListItem["status"];
  outcome: CaseListItem["outcome"];
  severity: CaseListItem["severity"];
  priority: number;
  assignee_id: string | null;
  assignee_name: string | null;
  incident_id: string | null;
  incident_reference: string | null;
  loss_yen: string;
  reimbursed_yen: string;
  outstanding_yen: string;
  opened_at: string;
  due_at: string;
  last_activity_at: string;
  snoozed_until: string | null;
  version: number;
}

function toItem(r: RawCase): CaseListItem {
  return {
    id: r.id,
    reference: r.reference,
    bankCode: r.bank_code,
    bankNameJa: r.name_ja,
    bankNameEn: r.name_en,
    linkId: r.link_id,
    holderName: r.holder_name_kana,
    accountNumberMasked: maskAccount(r.account_last4),
    status: r.status,
    outcome: r.outcome,
    severity: r.severity,
    priority: Number(r.priority),
    assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name ?? "" } : null,
    incident: r.incident_id ? { id: r.incident_id, reference: r.incident_reference ?? "" } : null,
    lossYen: Number(r.loss_yen),
    reimbursedYen: Number(r.reimbursed_yen),
    outstandingYen: Number(r.outstanding_yen),
    openedAt: r.opened_at,
    dueAt: r.due_at,
    lastActivityAt: r.last_activity_at,
    snoozedUntil: r.snoozed_until,
    version: Number(r.version),
  };
}

/**
 * The ids of one keyset slice, in the sort's order: the part of a page that reads the index.
 * `offset` exists for the benchmark's baseline only (bench/cases-queue.ts): the queue never pages by OFFSET.
 */
export function pageIdsQuery(where: SQL, sort: CaseSort, dir: CaseSortOrder, after: CaseKey | undefined, limit: number, offset?: number): SQL {
  const o = ord(sort, dir);
  return sql`select c.id from cases c where ${where}${after ? sql` and ${keyset(sort, dir, after)}` : sql``}
    order by ${SORT_COLUMN[sort]} ${o}, c.id ${o} limit ${limit}${offset ? sql` offset ${offset}` : sql``}`;
}

/** One page as the API answers it: the slice's ids, decorated with the bank, the victim, the assignee and the incident. */
export function pageQuery(where: SQL, sort: CaseSort, dir: CaseSortOrder, after: CaseKey | undefined, limit: number, offset?: number): SQL {
  const o = ord(sort, dir);
  return sql`
    select c.id::text as id, c.reference, b.bank_code, b.name_ja, b.name_en, la.id::text as link_id, la.holder_name_kana, la.account_last4,
           c.status, c.outcome, c.severity, c.priority, c.assignee_id::text as assignee_id, u.display_name as assignee_name,
           c.incident_id::text as incident_id, i.reference as incident_reference,
           c.loss_yen::text as loss_yen, c.reimbursed_yen::text as reimbursed_yen,
           greatest((case when c.confirmed_loss_yen > 0 then c.confirmed_loss_yen else c.loss_yen end) - c.reimbursed_yen, 0)::text as outstanding_yen,
           to_char(c.opened_at at time zone 'UTC', ${ISO_US}) as opened_at,
           to_char(c.due_at at time zone 'UTC', ${ISO_US}) as due_at,
           to_char(c.last_activity_at at time zone 'UTC', ${ISO_US}) as last_activity_at,
           to_char(c.snoozed_until at time zone 'UTC', ${ISO_US}) as snoozed_until,
           c.version
    from (${pageIdsQuery(where, sort, dir, after, limit, offset)}) ids
    join cases c on c.id = ids.id
    join organisations b on b.id = c.bank_id
    join linked_accounts la on la.id = c.linked_account_id
    left join users u on u.id = c.assignee_id
    left join incidents i on i.id = c.incident_id
    order by ${SORT_COLUMN[sort]} ${o}, c.id ${o}`;
}

async function fetchOrdered(db: Queryable, where: SQL, sort: CaseSort, dir: CaseSortOrder, after: CaseKey | undefined, limit: number): Promise<CaseListItem[]> {
  const rows = await queryRows<RawCase>(db, pageQuery(where, sort, dir, after, limit));
  return rows.map(toItem);
}

/** How many cases match, counted up to `cap` (+1 to tell "more"). */
async function countMatching(db: Queryable, where: SQL, cap: number): Promise<{ count: number; capped: boolean }> {
  const res = await queryRows<{ n: number | string }>(db, sql`select count(*)::int as n from (select 1 from cases c where ${where} limit ${cap + 1}) m`);
  const n = Number(res[0]?.n ?? 0);
  return { count: Math.min(n, cap), capped: n > cap };
}

export interface CaseListOptions {
  /** The clock for SLA and snooze filters (tests and benchmarks pin it). */
  now?: Date;
  /** Skip the bounded count of the first page (benchmarks of the page query alone). */
  count?: boolean;
}

/** The sort and direction a query asks for (each sort's natural direction by default). */
export function sortOf(q: Pick<CaseFilters, "sort" | "order">): { sort: CaseSort; order: CaseSortOrder } {
  return { sort: q.sort, order: q.order ?? DEFAULT_CASE_ORDER[q.sort] };
}

/**
 * GET /api/v1/cases: a page of the queue. `cursor` is a page's nextCursor or prevCursor; never
 * OFFSET. The first page also says how many cases match, counted up to the bulk cap.
 */
export async function listCases(actor: Actor, query: CaseListQuery, opts: CaseListOptions = {}): Promise<CasePage> {
  assertCan(actor, "cases.read");
  const db = await getDb();
  const now = opts.now ?? new Date();
  const { cursor: rawCursor, limit, sort: _s, order: _o, ...filters } = query;
  void _s;
  void _o;
  const { sort, order } = sortOf(query);
  const where = await caseConditions(db, actor, filters, now);
  const cursor = rawCursor ? decodeCaseCursor(rawCursor, sort, order) : null;
  const { extra, ...page } = await keysetPage({
    cursor: cursor && { key: { at: cursor.at, yen: cursor.yen, id: cursor.id }, before: cursor.before },
    limit,
    forward: (after, n) => fetchOrdered(db, where, sort, order, after, n),
    backward: (from, n) => fetchOrdered(db, where, sort, reverse(order), from, n),
    keyOf: (r) => keyOf(sort, r),
    encode: (key, before) => encodeCaseCursor({ sort, order, ...key, before }),
    alongFirst: opts.count === false ? undefined : () => countMatching(db, where, BULK_CAP),
  });
  return { ...page, matching: extra };
}

/**
 * The ids (and references) of the cases matching the queue's filters, in the queue's order, up to
 * `cap`: what a bulk action over "all N matching" acts on. The filters are read again here, in
 * the actor's scope, never taken from the browser's selection.
 */
export async function matchingCases(db: Queryable, actor: Actor, filters: CaseFilters, cap: number, now = new Date()): Promise<{ ids: string[]; capped: boolean }> {
  assertCan(actor, "cases.read");
  const { sort, order } = sortOf(filters);
  const { sort: _s, order: _o, ...rest } = filters;
  void _s;
  void _o;
  const where = await caseConditions(db, actor, rest, now);
  const rows = await queryRows<{ id: string }>(db, sql`select ids.id::text as id from (${pageIdsQuery(where, sort, order, undefined, cap + 1)}) ids`);
  return { ids: rows.slice(0, cap).map((r) => r.id), capped: rows.length > cap };
}
