import "server-only";
import { queryRows } from "./rows";
import { sql } from "drizzle-orm";
import { getDb, type Queryable } from "@/db";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/policy";
import { writeAudit } from "@/lib/audit/write";
import { Conflict, NotFound, fieldError } from "@/lib/errors";
import { olderThan } from "@/lib/http/cursor";
import { keysetPage } from "@/lib/http/keyset";
import { decodeLinkCursor, encodeLinkCursor, encodeTxCursor, estimateLinks, fetchOrdered, keyOf, listContext, maskAccount, WINDOW_MS } from "./query";
import type {
  FreezeResult,
  LinkCase,
  LinkDetail,
  LinkListQuery,
  LinkPage,
  LinkRow,
  LinkTransactionsPage,
  LinkTransactionsQuery,
  RelatedLink,
  SortOrder,
} from "./schemas";
import { OPEN_CASE_STATUSES } from "./schemas";

export interface ListOptions {
  /** The end of the 7-day charge window (tests and benchmarks pin it; requests use the clock). */
  now?: Date;
  /** Skip the planner estimate (benchmarks of the page query alone). */
  estimate?: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_US = sql.raw(`'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`);
const OPEN = sql.join(
  OPEN_CASE_STATUSES.map((s) => sql`${s}`),
  sql`, `,
);

function reverse(o: SortOrder): SortOrder {
  return o === "desc" ? "asc" : "desc";
}

/**
 * The links the actor may see (a bank's staff: their bank's; the carrier: every bank), filtered,
 * sorted and paged by keyset: `cursor` is the nextCursor or prevCursor of a page. Never OFFSET,
 * never an exact count: `hasMore` says whether a next page exists, and the first page carries
 * the planner's estimate of the total.
 */
export async function listLinks(actor: Actor, query: LinkListQuery, opts: ListOptions = {}): Promise<LinkPage> {
  assertCan(actor, "accounts.read");
  const db = await getDb();
  const { cursor: rawCursor, limit, sort, order, ...filters } = query;
  const ctx = await listContext(db, actor, { ...filters, sort, order }, opts.now);
  const cursor = rawCursor ? decodeLinkCursor(rawCursor, sort, order) : null;
  const { extra, ...page } = await keysetPage({
    cursor: cursor && { key: { linkedAt: cursor.linkedAt, id: cursor.id, yen: cursor.yen }, before: cursor.before },
    limit,
    forward: (after, n) => fetchOrdered(db, ctx, sort, order, after, n),
    backward: (from, n) => fetchOrdered(db, ctx, sort, reverse(order), from, n),
    keyOf,
    encode: (key, before) => encodeLinkCursor({ sort, order, ...key, before }),
    alongFirst: () => (opts.estimate === false ? Promise.resolve(null) : estimateLinks(db, ctx)),
  });
  return { ...page, estimatedTotal: extra };
}

// ---- one link -------------------------------------------------------------------------------

interface LinkRecord {
  id: string;
  bankId: string;
  walletId: string;
  accountHash: string;
  status: LinkRow["status"];
}

/** The link if the actor may see it; another bank's id, or no id at all, is "not found". */
async function findLink(db: Queryable, actor: Actor, linkId: string, forUpdate = false): Promise<LinkRecord> {
  if (!UUID.test(linkId)) throw new NotFound("link");
  const scope = actor.bankId === null ? sql`` : sql` and la.bank_id = ${actor.bankId}`;
  const res = await queryRows<{ id: string; bank_id: string; wallet_id: string; account_hash: string; status: LinkRow["status"] }>(db, 
    sql`select la.id::text as id, la.bank_id::text as bank_id, la.wallet_id, la.account_hash, la.status
        from linked_accounts la where la.id = ${linkId}::uuid${scope}${forUpdate ? sql` for update` : sql``}`,
  );
  const r = res[0];
  if (!r) throw new NotFound("link");
  return { id: r.id, bankId: r.bank_id, walletId: r.wallet_id, accountHash: r.account_hash, status: r.status };
}

export const RELATED_LIMIT = 200;

/**
 * The link, its wallet, every other link of the same wallet, the same e-mail or the same bank
 * account at the banks the actor may see (the cross-bank picture of a ring), and its cases.
 * The account hash is used to find the links, never returned.
 */
export async function getLink(actor: Actor, linkId: string, opts: { now?: Date } = {}): Promise<LinkDetail> {
  assertCan(actor, "accounts.read");
  const db = await getDb();
  const found = await findLink(db, actor, linkId);
  const now = opts.now ?? new Date();
  const since = new Date(now.getTime() - WINDOW_MS);
  const scope = (alias: string) => (actor.bankId === null ? sql`` : sql` and ${sql.raw(alias)}.bank_id = ${actor.bankId}`);

  const [linkRes, relatedRes, casesRes] = await Promise.all([
    queryRows<Record<string, string | number | null>>(db, sql`
      select la.id::text as id, b.bank_code, b.name_ja, b.name_en, la.branch_code, la.account_type, la.account_last4,
             la.holder_name_kana, la.wallet_id, w.email, la.verification, la.status,
             to_char(la.linked_at at time zone 'UTC', ${ISO_US}) as linked_at,
             to_char(la.removed_at at time zone 'UTC', ${ISO_US}) as removed_at,
             to_char(la.updated_at at time zone 'UTC', ${ISO_US}) as updated_at,
             w.status as wallet_status, to_char(w.registered_at at time zone 'UTC', ${ISO_US}) as registered_at,
             (select count(*)::int from transactions t where t.linked_account_id = la.id and t.kind = 'charge'
                and t.occurred_at > ${since.toISOString()}::timestamptz and t.occurred_at <= ${now.toISOString()}::timestamptz) as charges_n,
             (select coalesce(sum(t.amount_yen), 0)::bigint::text from transactions t where t.linked_account_id = la.id and t.kind = 'charge'
                and t.occurred_at > ${since.toISOString()}::timestamptz and t.occurred_at <= ${now.toISOString()}::timestamptz) as charges_yen,
             (select count(*)::int from cases c where c.linked_account_id = la.id and c.status in (${OPEN})) as open_cases
      from linked_accounts la join wallets w on w.id = la.wallet_id join organisations b on b.id = la.bank_id
      where la.id = ${found.id}::uuid`),
    // Three indexed lookups (wallet, account hash, e-mail), each limited, then one scoped join.
    queryRows<Record<string, string | boolean | null>>(db, sql`
      with me as (select lower(email) as email from wallets where id = ${found.walletId}),
      candidates as (
        (select r.id from linked_accounts r where r.wallet_id = ${found.walletId}${scope("r")} limit ${RELATED_LIMIT + 2})
        union
        (select r.id from linked_accounts r where r.account_hash = ${found.accountHash}${scope("r")} limit ${RELATED_LIMIT + 2})
        union
        (select r.id from linked_accounts r join wallets rw on rw.id = r.wallet_id
          where lower(rw.email) = (select email from me)${scope("r")} limit ${RELATED_LIMIT + 2})
      )
      select r.id::text as id, b.bank_code, b.name_ja, b.name_en, r.branch_code, r.account_type, r.account_last4,
             r.holder_name_kana, r.wallet_id, rw.email, r.verification, r.status,
             to_char(r.linked_at at time zone 'UTC', ${ISO_US}) as linked_at,
             r.wallet_id = ${found.walletId} as same_wallet,
             lower(rw.email) = (select email from me) as same_email,
             r.account_hash = ${found.accountHash} as same_account
      from candidates c
      join linked_accounts r on r.id = c.id
      join wallets rw on rw.id = r.wallet_id
      join organisations b on b.id = r.bank_id
      where r.id <> ${found.id}::uuid
      order by r.linked_at desc nulls last, r.id desc nulls last
      limit ${RELATED_LIMIT + 1}`),
    queryRows<{ id: string; reference: string; status: LinkCase["status"]; outcome: LinkCase["outcome"]; loss_yen: string; opened_at: string; closed_at: string | null }>(db, sql`
      select c.id::text as id, c.reference, c.status, c.outcome, c.loss_yen::text as loss_yen,
             to_char(c.opened_at at time zone 'UTC', ${ISO_US}) as opened_at,
             to_char(c.closed_at at time zone 'UTC', ${ISO_US}) as closed_at
      from cases c where c.linked_account_id = ${found.id}::uuid${scope("c")}
      order by c.opened_at desc, c.id desc`),
  ]);

  const l = linkRes[0];
  if (!l) throw new NotFound("link");
  const related: RelatedLink[] = relatedRes.slice(0, RELATED_LIMIT).map((r) => ({
    ...linkColumns(r),
    sameWallet: r.same_wallet === true,
    sameEmail: r.same_email === true,
    sameAccount: r.same_account === true,
  }));
  return {
    link: {
      ...linkColumns(l),
      removedAt: l.removed_at === null ? null : String(l.removed_at),
      updatedAt: String(l.updated_at),
      charges7d: { count: Number(l.charges_n), yen: Number(l.charges_yen) },
      openCases: Number(l.open_cases),
    },
    wallet: {
      id: String(l.wallet_id),
      email: String(l.email),
      status: l.wallet_status as LinkDetail["wallet"]["status"],
      registeredAt: String(l.registered_at),
    },
    related,
    relatedTruncated: relatedRes.length > RELATED_LIMIT,
    cases: casesRes.map((c) => ({
      id: c.id,
      reference: c.reference,
      status: c.status,
      outcome: c.outcome ?? null,
      lossYen: Number(c.loss_yen),
      openedAt: c.opened_at,
      closedAt: c.closed_at,
    })),
  };
}

/** The link's money movements, newest first, keyset-paged on transactions_link_idx. */
export async function listLinkTransactions(actor: Actor, linkId: string, query: LinkTransactionsQuery): Promise<LinkTransactionsPage> {
  assertCan(actor, "accounts.read");
  const db = await getDb();
  const link = await findLink(db, actor, linkId);
  const after = olderThan(sql`t.occurred_at`, sql`t.id`, query.cursor);
  const keyset = after ? sql` and ${after}` : sql``;
  const res = await queryRows<{
    id: string;
    kind: LinkTransactionsPage["items"][number]["kind"];
    amount_yen: string;
    merchant_name: string | null;
    merchant_category: LinkTransactionsPage["items"][number]["merchantCategory"];
    occurred_at: string;
  }>(db, sql`
    select t.id::text as id, t.kind, t.amount_yen::text as amount_yen, t.merchant_name, t.merchant_category,
           to_char(t.occurred_at at time zone 'UTC', ${ISO_US}) as occurred_at
    from transactions t
    where t.linked_account_id = ${link.id}::uuid${keyset}
    order by t.occurred_at desc nulls last, t.id desc nulls last
    limit ${query.limit + 1}`);
  const items = res.slice(0, query.limit).map((t) => ({
    id: t.id,
    kind: t.kind,
    amountYen: Number(t.amount_yen),
    merchantName: t.merchant_name,
    merchantCategory: t.merchant_category,
    occurredAt: t.occurred_at,
  }));
  const last = items.at(-1);
  return { items, nextCursor: res.length > query.limit && last ? encodeTxCursor(last.occurredAt, last.id) : null };
}

// ---- freeze / unfreeze ----------------------------------------------------------------------

async function setFrozen(actor: Actor, linkId: string, reason: string, freeze: boolean): Promise<FreezeResult> {
  assertCan(actor, "accounts.freeze");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const link = await findLink(tx, actor, linkId, true);
    const from = link.status;
    const to = freeze ? "frozen" : "active";
    if (from === "removed") throw new Conflict("The link has been removed; its status cannot change.", { status: fieldError("link_removed") });
    if (from === to) throw new Conflict(freeze ? "The link is already frozen." : "The link is not frozen.", { status: fieldError(freeze ? "already_frozen" : "not_frozen") });
    const res = await queryRows<{ updated_at: string }>(tx, sql`
      update linked_accounts set status = ${to}, updated_at = now()
      where id = ${link.id}::uuid
      returning to_char(updated_at at time zone 'UTC', ${ISO_US}) as updated_at`);
    await writeAudit(tx, actor, {
      action: freeze ? "link.frozen" : "link.unfrozen",
      entityType: "linked_account",
      entityId: link.id,
      bankId: link.bankId,
      before: { status: from },
      after: { status: to, reason },
    });
    return { id: link.id, status: to, previousStatus: from, updatedAt: res[0]!.updated_at };
  });
}

/** Stops a link (status active → frozen). Removed links cannot change. Audited in the same transaction. */
export function freezeLink(actor: Actor, linkId: string, reason: string): Promise<FreezeResult> {
  return setFrozen(actor, linkId, reason, true);
}

/** Releases a frozen link (frozen → active). Audited in the same transaction. */
export function unfreezeLink(actor: Actor, linkId: string, reason: string): Promise<FreezeResult> {
  return setFrozen(actor, linkId, reason, false);
}

// ---- choices for the filters ----------------------------------------------------------------

export interface BankChoice {
  code: string;
  nameJa: string;
  nameEn: string;
}

/** The banks an actor may filter by: every bank for the carrier, their own for a bank. */
export async function accountBankChoices(actor: Actor): Promise<BankChoice[]> {
  assertCan(actor, "accounts.read");
  const db = await getDb();
  const scope = actor.bankId === null ? sql`` : sql` and id = ${actor.bankId}`;
  const res = await queryRows<{ code: string; name_ja: string; name_en: string }>(db, 
    sql`select bank_code as code, name_ja, name_en from organisations where kind = 'bank'${scope} order by bank_code`,
  );
  return res.map((r) => ({ code: r.code, nameJa: r.name_ja, nameEn: r.name_en }));
}

export { findLink };

/** The columns every view of a link shows, from a raw row (the full number never leaves here). */
function linkColumns(r: Record<string, unknown>) {
  return {
    id: String(r.id),
    bankCode: String(r.bank_code),
    bankNameJa: String(r.name_ja),
    bankNameEn: String(r.name_en),
    branchCode: String(r.branch_code),
    accountType: r.account_type as LinkRow["accountType"],
    accountNumberMasked: maskAccount(String(r.account_last4)),
    holderName: String(r.holder_name_kana),
    walletId: String(r.wallet_id),
    email: String(r.email),
    verification: r.verification as LinkRow["verification"],
    status: r.status as LinkRow["status"],
    linkedAt: String(r.linked_at),
  };
}
