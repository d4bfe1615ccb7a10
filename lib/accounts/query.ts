import "server-only";
import { queryRows } from "./rows";
import { sql, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db";
import type { Actor } from "@/lib/auth/actor";
import { Invalid, fieldError } from "@/lib/errors";
import { fromJst } from "@/lib/jst";
import { decodeCursor, encodeCursor, encodeInstantKey, InvalidCursor } from "@/lib/http/cursor";
import { classifySearch, escapeLike } from "./search";
import { ACCOUNTS_ERRORS, LINK_SORTS, OPEN_CASE_STATUSES, SORT_ORDERS, type LinkFilters, type LinkRow, type LinkSort, type SortOrder } from "./schemas";

/**
 * The SQL of the accounts list, shared by the page listing and the CSV export. Everything is a
 * condition on `linked_accounts la`, so each sort can read its own index:
 * - linked_at: linked_accounts_linked_idx (linked_at desc, id desc), or for one bank
 *   linked_accounts_bank_linked_idx / linked_accounts_status_idx, walked from the cursor; the
 *   cost of a page does not depend on how deep it is.
 * - charges_7d: no index can hold a figure that changes with the clock, so a page is computed
 *   from the charges of the last 7 days at the banks in scope (transactions_bank_idx range per
 *   bank), grouped per link, joined to the filtered links and cut at the page size; links with
 *   no charge in the window follow in linked-at order (the linked_at keyset, with an indexed
 *   "no charge" probe per row). Cost per page: proportional to the charges of the last 7 days
 *   in scope, not to the number of links nor to the depth of the page.
 * A link's figure counts its charges through transactions_link_idx (link, occurred_at): the
 * per-row figure and the "no charge" probe name no bank, so the planner cannot prefer the
 * covering (bank, occurred_at, kind, amount, link) index and scan the bank's whole week for every
 * row. Only the grouping reads by bank (transactions.bank_id is the link's bank, denormalised).
 */

export const DAY_MS = 24 * 60 * 60 * 1000;
export const WINDOW_MS = 7 * DAY_MS;

const OPEN = sql.join(
  OPEN_CASE_STATUSES.map((s) => sql`${s}`),
  sql`, `,
);

/** The sort key of a row: where a keyset page starts or ends. */
export interface SortKey {
  linkedAt: string;
  id: string;
  yen: number;
}

export interface ListContext {
  /** Conditions on `la`: the actor's scope AND the filters. */
  where: SQL;
  /** The banks whose charges count for the 7-day sort: the one in scope, or every bank. */
  bankId: string | null;
  since: Date;
  now: Date;
}

async function bankIdOf(db: Queryable, actor: Actor, code: string): Promise<string> {
  const res = await queryRows<{ id: string }>(db, sql`select id::text as id from organisations where kind = 'bank' and bank_code = ${code}`);
  const id = res[0]?.id;
  if (!id || (actor.bankId !== null && actor.bankId !== id)) throw new Invalid("No such bank in your scope.", { bank: fieldError(ACCOUNTS_ERRORS.unknownBank) });
  return id;
}

/** Up to this many wallets matching a search are listed by id; more, and the search reads the links in order instead. */
export const WALLET_MATCH_CAP = 1_000;

/**
 * Links of the wallets matching `match` (on alias sw). The wallets are found first through their
 * prefix indexes (wallets_id_pattern_idx, wallets_email_lower_idx); a few are then named to the
 * links' wallet index, whatever the planner believes about the prefixes. A prefix matching more
 * than WALLET_MATCH_CAP wallets is common enough that walking the links in list order and
 * keeping the matching ones finds a page quickly.
 */
async function walletCondition(db: Queryable, match: SQL): Promise<SQL> {
  const found = await queryRows<{ id: string }>(db, sql`select sw.id from wallets sw where ${match} limit ${WALLET_MATCH_CAP + 1}`);
  if (found.length === 0) return sql`false`;
  if (found.length <= WALLET_MATCH_CAP) return sql`la.wallet_id in (${sql.join(
    found.map((w) => sql`${w.id}`),
    sql`, `,
  )})`;
  return sql`la.wallet_id in (select sw.id from wallets sw where ${match})`;
}

/** Up to this many links matching a holder-name prefix are named by id; more, and the list walks its own order. */
export const HOLDER_MATCH_CAP = 1_000;

/**
 * Links whose holder name starts with `pattern`. A common family name (1.5% of links) is best
 * found by walking the list's order, whose indexes carry the holder name (migration 0008): a page
 * is a few thousand index entries. A rare one is not: its last page would walk the whole index
 * past its last match. So the matches are counted first on linked_accounts_holder_idx (at most
 * HOLDER_MATCH_CAP + 1 entries): a few are named by id, and only a common name walks.
 */
async function holderCondition(db: Queryable, pattern: string): Promise<SQL> {
  const like = sql`la.holder_name_search like ${pattern}`;
  const found = await queryRows<{ id: string }>(db, sql`select la.id::text as id from linked_accounts la where ${like} limit ${HOLDER_MATCH_CAP + 1}`);
  if (found.length === 0) return sql`false`;
  if (found.length > HOLDER_MATCH_CAP) return like;
  return sql`la.id in (${sql.join(
    found.map((l) => sql`${l.id}::uuid`),
    sql`, `,
  )})`;
}

/** The WHERE of a listing or an export: the actor's bank AND the filters, on alias `la`. */
export async function listContext(db: Queryable, actor: Actor, f: LinkFilters, now = new Date()): Promise<ListContext> {
  const c: SQL[] = [];
  let bankId = actor.bankId;
  if (actor.bankId !== null) c.push(sql`la.bank_id = ${actor.bankId}`);
  if (f.bank) {
    bankId = await bankIdOf(db, actor, f.bank);
    if (actor.bankId === null) c.push(sql`la.bank_id = ${bankId}`);
  }
  if (f.status) c.push(sql`la.status = ${f.status}`);
  if (f.verification) c.push(sql`la.verification = ${f.verification}`);
  if (f.linkedFrom) c.push(sql`la.linked_at >= ${fromJst(f.linkedFrom).toISOString()}::timestamptz`);
  if (f.linkedTo) c.push(sql`la.linked_at < ${new Date(fromJst(f.linkedTo).getTime() + DAY_MS).toISOString()}::timestamptz`);
  if (f.hasOpenCase === true) c.push(sql`la.id in (select oc.linked_account_id from cases oc where oc.status in (${OPEN}))`);
  if (f.hasOpenCase === false) c.push(sql`not exists (select 1 from cases oc where oc.linked_account_id = la.id and oc.status in (${OPEN}))`);
  if (f.q) {
    const s = classifySearch(f.q);
    switch (s.kind) {
      case "last4":
        c.push(sql`la.account_last4 = ${s.value}`);
        break;
      case "holder":
        c.push(await holderCondition(db, `${escapeLike(s.value)}%`));
        break;
      case "email":
        c.push(await walletCondition(db, sql`lower(sw.email) like ${`${escapeLike(s.value)}%`}`));
        break;
      case "wallet_or_email":
        c.push(await walletCondition(db, sql`(sw.id like ${`${escapeLike(s.walletPrefix)}%`} or lower(sw.email) like ${`${escapeLike(s.emailPrefix)}%`})`));
        break;
      case "invalid":
        throw new Invalid("The search is not valid.", { q: fieldError(s.reason === "short" ? ACCOUNTS_ERRORS.searchShort : ACCOUNTS_ERRORS.search) });
    }
  }
  const where = c.length ? sql.join(c, sql` and `) : sql`true`;
  return { where, bankId, since: new Date(now.getTime() - WINDOW_MS), now };
}

const LINK_COLUMNS = sql.raw(
  "la.id, la.wallet_id, la.bank_id, la.branch_code, la.account_type, la.account_last4, la.holder_name_kana, la.verification, la.status, la.linked_at",
);

interface RawRow extends Record<string, unknown> {
  id: string;
  bank_code: string;
  name_ja: string;
  name_en: string;
  branch_code: string;
  account_type: LinkRow["accountType"];
  account_last4: string;
  holder_name_kana: string;
  wallet_id: string;
  email: string;
  verification: LinkRow["verification"];
  status: LinkRow["status"];
  linked_at: string;
  charges_n: number | string;
  charges_yen: string;
  open_cases: number | string;
}

export function maskAccount(last4: string): string {
  return `****${last4}`;
}

function toRow(r: RawRow): LinkRow {
  return {
    id: r.id,
    bankCode: r.bank_code,
    bankNameJa: r.name_ja,
    bankNameEn: r.name_en,
    branchCode: r.branch_code,
    accountType: r.account_type,
    accountNumberMasked: maskAccount(r.account_last4),
    holderName: r.holder_name_kana,
    walletId: r.wallet_id,
    email: r.email,
    verification: r.verification,
    status: r.status,
    linkedAt: r.linked_at,
    charges7d: { count: Number(r.charges_n), yen: Number(r.charges_yen) },
    openCases: Number(r.open_cases),
  };
}

export function keyOf(r: LinkRow): SortKey {
  return { linkedAt: r.linkedAt, id: r.id, yen: r.charges7d.yen };
}

/**
 * A page cursor of the accounts list (the shared keyset cursor, lib/http/cursor.ts): the sort key
 * of one row, the sort it belongs to, and whether it asks for the rows after it or the page before.
 */
export interface LinkCursor extends SortKey {
  sort: LinkSort;
  order: SortOrder;
  /** true: the page before this row (a "previous" link); false: the rows after it. */
  before: boolean;
}

/** [sort, order, linked_at, id, before (0 or 1), 7-day charge yen (0 for the linked_at sort)]. */
const LINK_CURSOR = ["text", "text", "instant", "uuid", "count", "count"] as const;

export function encodeLinkCursor(c: LinkCursor): string {
  return encodeCursor([c.sort, c.order, c.linkedAt, c.id, c.before ? 1 : 0, c.sort === "charges_7d" ? c.yen : 0]);
}

/** The cursor, for a list in this sort and order; InvalidCursor when it is not one (or belongs to another sort). */
export function decodeLinkCursor(s: string, sort: LinkSort, order: SortOrder): LinkCursor {
  const [cSort, cOrder, linkedAt, id, before, yen] = decodeCursor(s, LINK_CURSOR);
  if (!(LINK_SORTS as readonly string[]).includes(cSort) || !(SORT_ORDERS as readonly string[]).includes(cOrder) || before > 1) throw new InvalidCursor();
  if (cSort !== sort || cOrder !== order) throw new InvalidCursor(ACCOUNTS_ERRORS.cursorSort);
  return { sort, order, linkedAt, id, yen, before: before === 1 };
}

/** A cursor of a link's transactions: [occurred_at, id]. */
export const encodeTxCursor = (occurredAt: string, id: string): string => encodeInstantKey({ at: occurredAt, key: id });

const ISO_US = sql.raw(`'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`);

/**
 * The figures of the rows of one page, in the page's order: wallet, bank, charges of the
 * window (transactions_link_idx range per row) and open cases (cases_link_idx per row).
 */
function decorate(ctx: ListContext, page: SQL, order: SQL): SQL {
  return sql`
    with page as (${page})
    select p.id::text as id, b.bank_code, b.name_ja, b.name_en, p.branch_code, p.account_type, p.account_last4,
           p.holder_name_kana, p.wallet_id, w.email, p.verification, p.status,
           to_char(p.linked_at at time zone 'UTC', ${ISO_US}) as linked_at,
           ch.n as charges_n, ch.yen::text as charges_yen, oc.n as open_cases
    from page p
    join wallets w on w.id = p.wallet_id
    join organisations b on b.id = p.bank_id
    cross join lateral (
      select count(*)::int as n, coalesce(sum(t.amount_yen), 0)::bigint as yen
      from transactions t
      where t.linked_account_id = p.id and t.kind = 'charge'
        and t.occurred_at > ${ctx.since.toISOString()}::timestamptz and t.occurred_at <= ${ctx.now.toISOString()}::timestamptz
    ) ch
    cross join lateral (
      select count(*)::int as n from cases c where c.linked_account_id = p.id and c.status in (${OPEN})
    ) oc
    order by ${order}`;
}

function cmp(dir: SortOrder): SQL {
  return dir === "desc" ? sql.raw("<") : sql.raw(">");
}
/**
 * The indexes are (… DESC NULLS LAST): an ORDER BY must say the same (plain DESC means NULLS
 * FIRST, which the planner cannot read from them; the columns are NOT NULL, so nothing else changes).
 * Ascending reads the same indexes backwards.
 */
function ord(dir: SortOrder): SQL {
  return sql.raw(dir === "desc" ? "desc nulls last" : "asc nulls first");
}

/** Rows in linked-at order from (strictly after) `after`. */
async function byLinkedAt(db: Queryable, ctx: ListContext, dir: SortOrder, after: SortKey | undefined, limit: number, extra?: SQL): Promise<LinkRow[]> {
  const keyset = after ? sql` and (la.linked_at, la.id) ${cmp(dir)} (${after.linkedAt}::timestamptz, ${after.id}::uuid)` : sql``;
  // The page's ids first: the linked-at indexes carry the filtered columns (migration 0008), so a
  // filter that passes over thousands of rows (a common family name) reads index entries, not rows.
  const page = sql`select ${LINK_COLUMNS} from (
      select la.id from linked_accounts la
      where ${ctx.where}${extra ? sql` and ${extra}` : sql``}${keyset}
      order by la.linked_at ${ord(dir)}, la.id ${ord(dir)} limit ${limit}
    ) ids join linked_accounts la on la.id = ids.id`;
  const res = await queryRows<RawRow>(db, decorate(ctx, page, sql`p.linked_at ${ord(dir)}, p.id ${ord(dir)}`));
  return res.map(toRow);
}

function chargeWindow(ctx: ListContext, alias: string): SQL {
  const t = sql.raw(alias);
  return sql`${t}.kind = 'charge' and ${t}.occurred_at > ${ctx.since.toISOString()}::timestamptz and ${t}.occurred_at <= ${ctx.now.toISOString()}::timestamptz`;
}

/**
 * Links with at least one charge in the window, by (yen, linked_at, id), strictly after `after`.
 * The window's charges are grouped per link from transactions_bank_idx alone (bank, occurred_at,
 * kind, amount, link: an index-only range per bank); the groups are then read in yen order and
 * each is joined to its link by primary key with the filters, stopping once the page and the
 * links tied with its last yen are found. The grouping reads every charge of the window in scope.
 */
async function charged(db: Queryable, ctx: ListContext, dir: SortOrder, after: SortKey | undefined, limit: number): Promise<LinkRow[]> {
  const banks = ctx.bankId ? sql`t.bank_id = ${ctx.bankId}` : sql`t.bank_id = any(array(select o.id from organisations o where o.kind = 'bank'))`;
  const keyset = after ? sql` where (c.yen, la.linked_at, la.id) ${cmp(dir)} (${after.yen}::bigint, ${after.linkedAt}::timestamptz, ${after.id}::uuid)` : sql``;
  const page = sql`
    with charged as materialized (
      select t.linked_account_id as id, sum(t.amount_yen)::bigint as yen
      from transactions t
      where ${banks} and ${chargeWindow(ctx, "t")} and t.linked_account_id is not null
      group by t.linked_account_id
    ),
    top as (
      select la.*, c.yen as sort_yen
      from (select * from charged${after ? sql` where yen ${cmp(dir)}= ${after.yen}::bigint` : sql``} order by yen ${ord(dir)}) c
      cross join lateral (
        select ${LINK_COLUMNS} from linked_accounts la
        where la.id = c.id and ${ctx.where}
        limit 1
      ) la${keyset}
      order by c.yen ${ord(dir)} fetch first ${limit} rows with ties
    )
    select * from top order by sort_yen ${ord(dir)}, linked_at ${ord(dir)}, id ${ord(dir)} limit ${limit}`;
  const res = await queryRows<RawRow>(db, decorate(ctx, page, sql`p.sort_yen ${ord(dir)}, p.linked_at ${ord(dir)}, p.id ${ord(dir)}`));
  return res.map(toRow);
}

/**
 * Grouping a busy week's charges (72,000 links at 1 million links) spills to disk under the
 * default 4 MB; the 7-day sort's statement gets more, for its own transaction only.
 */
export const CHARGES_WORK_MEM = sql`set local work_mem = '32MB'`;

const NO_CHARGE = (ctx: ListContext) => sql`not exists (select 1 from transactions nt where nt.linked_account_id = la.id and ${chargeWindow(ctx, "nt")})`;

/**
 * One keyset slice of the list in the order (sort, dir), strictly after `after` (from the start
 * when undefined), at most `limit` rows. For the 7-day sort, links without a charge in the
 * window have 0 yen: last when descending, first when ascending.
 */
export async function fetchOrdered(
  db: Queryable,
  ctx: ListContext,
  sort: LinkSort,
  dir: SortOrder,
  after: SortKey | undefined,
  limit: number,
): Promise<LinkRow[]> {
  if (sort === "linked_at") return byLinkedAt(db, ctx, dir, after, limit);
  const zero = (from: SortKey | undefined, n: number) => byLinkedAt(db, ctx, dir, from, n, NO_CHARGE(ctx));
  const some = (from: SortKey | undefined, n: number) =>
    db.transaction(async (tx) => {
      await tx.execute(CHARGES_WORK_MEM);
      return charged(tx, ctx, dir, from, n);
    });
  if (dir === "desc") {
    if (after && after.yen === 0) return zero(after, limit);
    const rows = await some(after, limit);
    return rows.length < limit ? [...rows, ...(await zero(undefined, limit - rows.length))] : rows;
  }
  if (!after || after.yen === 0) {
    const rows = await zero(after, limit);
    return rows.length < limit ? [...rows, ...(await some(undefined, limit - rows.length))] : rows;
  }
  return some(after, limit);
}

/**
 * The planner's estimate of the links matching the filters: what EXPLAIN expects the scan to
 * return. Never an exact count (that would read every matching row on every page view).
 */
export async function estimateLinks(db: Queryable, ctx: ListContext): Promise<number | null> {
  try {
    const res = await queryRows<Record<string, unknown>>(db, sql`explain (format json) select 1 from linked_accounts la where ${ctx.where}`);
    const first = res[0];
    const raw = first ? Object.values(first)[0] : undefined;
    const plan = (typeof raw === "string" ? JSON.parse(raw) : raw) as { Plan?: { "Plan Rows"?: number } }[] | undefined;
    const rows = plan?.[0]?.Plan?.["Plan Rows"];
    return typeof rows === "number" ? Math.max(0, Math.round(rows)) : null;
  } catch {
    return null;
  }
}
