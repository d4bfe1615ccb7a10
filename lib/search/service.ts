import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { getDb, type Queryable } from "@/db";
import { fetchOrdered, listContext } from "@/lib/accounts/query";
import { queryRows } from "@/lib/accounts/rows";
import type { LinkFilters, LinkRow } from "@/lib/accounts/schemas";
import { classifySearch, escapeLike } from "@/lib/accounts/search";
import type { StaffActor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/policy";
import { isUuid } from "@/lib/http/cursor";
import type { BankHit, CaseHit, IncidentHit, LinkHit, SearchQuery, SearchResult, WalletHit } from "./schemas";

/**
 * The command palette's search. Each group is read only when the actor's role may read what it
 * names (wallets and links: accounts.read; banks: controls.read), and only in the actor's scope: a
 * bank's staff find the wallets linked at their bank, their bank's links and their own bank. The
 * words are read as the accounts list reads its search box (lib/accounts/search.ts: NFKC, half-
 * and full-width katakana, hiragana as katakana); the links are found by the accounts list's own
 * query, so the palette and the list never disagree.
 */
export async function search(actor: StaffActor, query: SearchQuery): Promise<SearchResult> {
  const db = await getDb();
  const { q, limit } = query;
  const accounts = can(actor, "accounts.read");
  const readsCases = can(actor, "cases.read");
  const [wallets, links, banks, cases, incidents] = await Promise.all([
    accounts ? findWallets(db, actor, q, limit) : [],
    accounts ? findLinks(db, actor, q, limit) : [],
    can(actor, "controls.read") ? findBanks(db, actor, q, limit) : [],
    readsCases ? findCases(db, actor, q, limit) : [],
    readsCases ? findIncidents(db, q, limit) : [],
  ]);
  return { q, wallets, links, banks, cases, incidents };
}

/** Wallets by exact id or e-mail first (primary key, wallets_email_lower_idx), then by prefix (wallets_id_pattern_idx, wallets_email_lower_idx). */
async function findWallets(db: Queryable, actor: StaffActor, q: string, limit: number): Promise<WalletHit[]> {
  const s = classifySearch(q);
  if (s.kind !== "email" && s.kind !== "wallet_or_email") return [];
  const exactId = s.kind === "email" ? null : s.walletPrefix;
  const email = s.kind === "email" ? s.value : s.emailPrefix;
  const prefix = `${escapeLike(email)}%`;
  const exact = exactId ? sql`(w.id = ${exactId} or lower(w.email) = ${email})` : sql`lower(w.email) = ${email}`;
  const byPrefix = exactId ? sql`(w.id like ${`${escapeLike(exactId)}%`} or lower(w.email) like ${prefix})` : sql`lower(w.email) like ${prefix}`;
  const first = await walletRows(db, actor, exact, limit);
  const rest = first.length < limit ? await walletRows(db, actor, byPrefix, limit) : [];
  const seen = new Set(first.map((w) => w.id));
  return [...first, ...rest.filter((w) => !seen.has(w.id))].slice(0, limit);
}

async function walletRows(db: Queryable, actor: StaffActor, match: SQL, limit: number): Promise<WalletHit[]> {
  const atBank = actor.bankId === null ? sql`` : sql` and la.bank_id = ${actor.bankId}`;
  const scope = actor.bankId === null ? sql`` : sql` and exists (select 1 from linked_accounts la where la.wallet_id = w.id${atBank})`;
  const rows = await queryRows<{ id: string; email: string; links: number | string }>(
    db,
    sql`select w.id, w.email, (select count(*) from linked_accounts la where la.wallet_id = w.id${atBank})::int as links
        from wallets w where ${match}${scope} limit ${limit}`,
  );
  return rows.map((r) => ({ id: r.id, email: r.email, links: Number(r.links) })).sort((a, b) => a.id.localeCompare(b.id));
}

/** Links as the accounts list finds them (newest first), or the one link a UUID names. */
async function findLinks(db: Queryable, actor: StaffActor, q: string, limit: number): Promise<LinkHit[]> {
  const list: LinkFilters = { sort: "linked_at", order: "desc" };
  let rows: LinkRow[];
  if (isUuid(q)) {
    const ctx = await listContext(db, actor, list);
    rows = await fetchOrdered(db, { ...ctx, where: sql`${ctx.where} and la.id = ${q.toLowerCase()}::uuid` }, "linked_at", "desc", undefined, 1);
  } else {
    if (classifySearch(q).kind === "invalid") return [];
    rows = await fetchOrdered(db, await listContext(db, actor, { ...list, q }), "linked_at", "desc", undefined, limit);
  }
  return rows.map((r) => ({
    id: r.id,
    bankCode: r.bankCode,
    bankNameJa: r.bankNameJa,
    bankNameEn: r.bankNameEn,
    accountNumberMasked: r.accountNumberMasked,
    holderName: r.holderName,
    walletId: r.walletId,
    email: r.email,
    status: r.status,
  }));
}

/** Spaces, middle dots and case do not count; full-width letters and digits are ASCII (NFKC). */
function fold(s: string): string {
  return s.normalize("NFKC").replace(/[\s\u3000・･]/g, "").toLowerCase();
}

/** Banks (35 rows, organisations_kind_idx) whose code starts with the digits, or whose Japanese or English name contains the words. */
async function findBanks(db: Queryable, actor: StaffActor, q: string, limit: number): Promise<BankHit[]> {
  const key = fold(q);
  if (!key) return [];
  const scope = actor.bankId === null ? sql`` : sql` and id = ${actor.bankId}`;
  const rows = await queryRows<{ code: string; name_ja: string; name_en: string }>(
    db,
    sql`select bank_code as code, name_ja, name_en from organisations where kind = 'bank'${scope} order by bank_code`,
  );
  const hits = /^\d{1,4}$/.test(key)
    ? rows.filter((b) => b.code.startsWith(key))
    : rows.filter((b) => fold(b.name_ja).includes(key) || fold(b.name_en).includes(key));
  return hits.slice(0, limit).map((b) => ({ code: b.code, nameJa: b.name_ja, nameEn: b.name_en }));
}

/** A reference as typed: upper case, full-width folded, no spaces. */
function referenceKey(q: string): string {
  return q.normalize("NFKC").replace(/\s/g, "").toUpperCase();
}

/** Cases by reference prefix (cases_reference_pattern_idx), newest reference first, in scope. Only a query shaped like one (C-…) is looked up. */
async function findCases(db: Queryable, actor: StaffActor, q: string, limit: number): Promise<CaseHit[]> {
  const key = referenceKey(q);
  if (!/^C-[0-9-]*$/.test(key)) return [];
  const scope = actor.bankId === null ? sql`` : sql` and c.bank_id = ${actor.bankId}`;
  const rows = await queryRows<{ id: string; reference: string; status: string; bank_code: string; name_ja: string; name_en: string }>(
    db,
    sql`select c.id::text as id, c.reference, c.status::text as status, o.bank_code, o.name_ja, o.name_en
        from cases c join organisations o on o.id = c.bank_id
        where c.reference like ${`${escapeLike(key)}%`}${scope}
        order by c.reference desc limit ${limit}`,
  );
  return rows.map((r) => ({ id: r.id, reference: r.reference, status: r.status, bankCode: r.bank_code, bankNameJa: r.name_ja, bankNameEn: r.name_en }));
}

/** Incidents by reference prefix (INC-…); an incident is seen by every reader of cases (its figures are scoped on its page). */
async function findIncidents(db: Queryable, q: string, limit: number): Promise<IncidentHit[]> {
  const key = referenceKey(q);
  if (!/^INC(-[0-9-]*)?$/.test(key)) return [];
  const rows = await queryRows<{ id: string; reference: string; title: string; status: string }>(
    db,
    sql`select id::text as id, reference, title, status::text as status from incidents where reference like ${`${escapeLike(key)}%`} order by reference desc limit ${limit}`,
  );
  return rows;
}
