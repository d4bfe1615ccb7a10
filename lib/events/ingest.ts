import "server-only";
import crypto from "node:crypto";
import { and, desc, eq, inArray, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { getDb, type Tx } from "@/db";
import { dailyBankRollups, linkedAccounts, organisations, walletEvents, wallets } from "@/db/schema";
import type { ServiceActor } from "@/lib/auth/actor";
import { writeAudit } from "@/lib/audit/write";
import { fieldError, Forbidden, Invalid, type FieldErrors } from "@/lib/errors";
import { normaliseKana } from "@/lib/kana";
import { runRules, type BatchFacts } from "@/lib/rules/engine";
import { accountHash } from "./account-hash";
import { parseEvent, type EventRefusal, type EventResult, type EventType, type WalletEvent } from "./schemas";

/**
 * Events from the wallet platform, up to 1,000 per call, in ONE transaction and set-based: a
 * handful of statements per batch whatever its size, never a round trip per event.
 *
 *  1. Each item is checked on its own; an invalid one is reported (index, field → reason).
 *  2. The valid ones' ids go into wallet_events (ON CONFLICT DO NOTHING): an id already there, or
 *     earlier in the same batch, is a duplicate and changes nothing. A concurrent batch carrying
 *     the same id waits on the unique index and then sees it as a duplicate.
 *  3. Banks, links and wallets are resolved with one query each (a wallet only when no link found
 *     proves it); an event that names an unknown bank, wallet or link is invalid and its id is
 *     taken out of wallet_events again, so a corrected replay under the same id is accepted later.
 *  4. New wallets, new links, transactions, removals and the daily rollups (Japan-time day) are
 *     written with one multi-row statement each, then one audit entry for the batch.
 */

type Parsed = { index: number; event: WalletEvent };
type Link = { id: string; walletId: string; bankId: string; status: string; linkedAt: Date };

export interface IngestResult {
  stored: number;
  duplicates: number;
  invalid: number;
  results: EventResult[];
}

const JST_OFFSET = 9 * 3_600_000;
/** The Japan-time calendar day (Japan has no daylight saving time). */
function jstDay(d: Date): string {
  return new Date(d.getTime() + JST_OFFSET).toISOString().slice(0, 10);
}

/** `column = any($array)`: one parameter, whatever the list's length (IN with 1,000 parameters plans slowly). */
function anyOf(column: AnyColumn, values: string[], type: "text" | "uuid"): SQL {
  return sql`${column} = any(${sql.param(values)}::${sql.raw(type)}[])`;
}

/**
 * Rows as one jsonb parameter, read back with jsonb_to_recordset: a 1,000-row insert is one
 * parameter instead of thousands, which PostgreSQL parses and plans several times faster.
 * `columns` is a fixed list from this file (name and SQL type), never input.
 */
function recordset(rows: Record<string, unknown>[], columns: string): SQL {
  return sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(${sql.raw(columns)})`;
}

/**
 * Ids shaped like UUID version 7 (the time in milliseconds first), as the seed writes them: new
 * rows of the big tables append to their primary-key index instead of landing on random pages.
 * The random part comes from randomUUID (drawn from a pool Node keeps), not a randomBytes call per
 * row: a 1,000-event batch spent 8 ms in randomBytes alone.
 */
function timeOrderedId(at = Date.now()): string {
  const random = crypto.randomUUID(); // xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx: version 4, RFC variant
  const time = at.toString(16).padStart(12, "0");
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15)}`;
}

function idOf(raw: unknown): string | null {
  const id = (raw as { eventId?: unknown } | null)?.eventId;
  return typeof id === "string" && id.length <= 128 ? id : null;
}

function hashOf(e: { bankCode?: string; branchCode?: string; accountNumber?: string }): string | null {
  return e.bankCode && e.branchCode && e.accountNumber ? accountHash(e.bankCode, e.branchCode, e.accountNumber) : null;
}

export async function ingestEvents(actor: ServiceActor, items: unknown[]): Promise<IngestResult> {
  if (!actor.scopes.includes("events")) throw new Forbidden("The API key lacks the 'events' scope.");
  const results: EventResult[] = items.map((raw, index) => ({ index, eventId: idOf(raw), status: "invalid" }));
  const invalid = (index: number, errors: FieldErrors, code: EventRefusal = "invalid") => {
    results[index] = { ...results[index]!, status: "invalid", code, errors };
  };

  const candidates: Parsed[] = [];
  const firstIndex = new Map<string, number>();
  items.forEach((raw, index) => {
    const parsed = parseEvent(raw);
    if (!parsed.ok) return invalid(index, parsed.errors);
    const seen = firstIndex.get(parsed.event.eventId);
    if (seen !== undefined) {
      results[index] = { index, eventId: parsed.event.eventId, status: "duplicate" };
      return;
    }
    firstIndex.set(parsed.event.eventId, index);
    candidates.push({ index, event: parsed.event });
  });
  if (candidates.length === 0) {
    const errors: FieldErrors = {};
    for (const r of results) for (const [field, reason] of Object.entries(r.errors ?? {})) errors[`events.${r.index}.${field}`] = reason;
    throw new Invalid("No event in the batch is valid.", errors);
  }

  const db = await getDb();
  const checked = results.map((r) => ({ ...r }));
  for (let attempt = 1; ; attempt++) {
    try {
      await db.transaction(async (tx) => {
        const fresh = await claimIds(tx, actor, candidates);
        for (const c of candidates) if (!fresh.has(c.event.eventId)) results[c.index] = { index: c.index, eventId: c.event.eventId, status: "duplicate" };
        const work = candidates.filter((c) => fresh.has(c.event.eventId));
        if (work.length === 0) return;
        const rejected = await apply(tx, actor, work, results, invalid);
        if (rejected.length) await tx.delete(walletEvents).where(and(eq(walletEvents.orgId, actor.orgId), anyOf(walletEvents.eventId, rejected, "text")));
      });
      break;
    } catch (e) {
      // Rules that are on lock cases and write audit entries in the batch's transaction, as people
      // working cases do in the other order: PostgreSQL may pick this batch as a deadlock's victim.
      // Nothing of it was written; it runs again (a few times) before the caller is told.
      if (attempt >= 3 || !isDeadlock(e)) throw e;
      checked.forEach((r, i) => (results[i] = { ...r }));
    }
  }

  const stored = results.filter((r) => r.status === "stored").length;
  const duplicates = results.filter((r) => r.status === "duplicate").length;
  return { stored, duplicates, invalid: results.length - stored - duplicates, results };
}

function isDeadlock(e: unknown): boolean {
  for (let x: unknown = e, depth = 0; x && depth < 4; x = (x as { cause?: unknown }).cause, depth++) {
    if ((x as { code?: unknown }).code === "40P01") return true;
  }
  return false;
}

async function claimIds(tx: Tx, actor: ServiceActor, candidates: Parsed[]): Promise<Set<string>> {
  // In id order, so two batches sharing ids take the index entries in the same order (no deadlock).
  const rows = candidates.map((c) => ({ event_id: c.event.eventId, kind: c.event.type }));
  const inserted = (await tx.execute(sql`
    insert into wallet_events (org_id, event_id, kind, api_key_id)
    select ${actor.orgId}::uuid, event_id, kind, ${actor.apiKeyId}::uuid from ${recordset(rows, "event_id text, kind text")} order by event_id
    on conflict (org_id, event_id) do nothing returning event_id`)) as unknown as { rows: { event_id: string }[] };
  return new Set(inserted.rows.map((r) => r.event_id));
}

async function apply(
  tx: Tx,
  actor: ServiceActor,
  work: Parsed[],
  results: EventResult[],
  invalid: (index: number, errors: FieldErrors, code: EventRefusal) => void,
): Promise<string[]> {
  const rejected: string[] = [];
  const ok = new Set(work);
  const drop = (p: Parsed, code: EventRefusal, errors: FieldErrors) => {
    if (!ok.delete(p)) return;
    invalid(p.index, errors, code);
    rejected.push(p.event.eventId);
  };

  // ---- Banks (the caller's own only, for a bank's key) ----
  const codes = new Set<string>();
  for (const { event: e } of work) if ("bankCode" in e && e.bankCode) codes.add(e.bankCode);
  const banks = new Map<string, string>();
  if (codes.size) {
    const rows = await tx
      .select({ id: organisations.id, code: organisations.bankCode })
      .from(organisations)
      .where(and(eq(organisations.kind, "bank"), inArray(organisations.bankCode, [...codes])));
    for (const r of rows) if (r.code && (actor.bankId === null || actor.bankId === r.id)) banks.set(r.code, r.id);
  }
  for (const p of work) {
    const code = "bankCode" in p.event ? p.event.bankCode : undefined;
    if (code && !banks.has(code)) drop(p, "unknown_bank", { bankCode: fieldError("unknown_bank") });
  }

  // ---- The links other events name: by id, by account, or the wallet's latest ----
  const needLink = [...ok].filter((p) => p.event.type !== "link_created") as (Parsed & { event: Exclude<WalletEvent, { type: "link_created" }> })[];
  const byId = new Map<string, Link>();
  const ids = [...new Set(needLink.map((p) => p.event.linkId).filter((v): v is string => !!v))];
  const scope = actor.bankId === null ? undefined : eq(linkedAccounts.bankId, actor.bankId);
  const linkCols = { id: linkedAccounts.id, walletId: linkedAccounts.walletId, bankId: linkedAccounts.bankId, status: linkedAccounts.status, linkedAt: linkedAccounts.linkedAt };
  if (ids.length) for (const l of await tx.select(linkCols).from(linkedAccounts).where(and(anyOf(linkedAccounts.id, ids, "uuid"), scope))) byId.set(l.id, l);

  const better = (a: Link | undefined, b: Link) => !a || (a.status === "removed" && b.status !== "removed") || ((a.status === "removed") === (b.status === "removed") && b.linkedAt > a.linkedAt);
  const byAccount = new Map<string, Link>();
  const hashes = [...new Set(needLink.map((p) => hashOf(p.event)).filter((h): h is string => !!h))];
  if (hashes.length) {
    const rows = await tx
      .select({ ...linkCols, hash: linkedAccounts.accountHash })
      .from(linkedAccounts)
      .where(and(anyOf(linkedAccounts.accountHash, hashes, "text"), scope));
    for (const r of rows) {
      const key = `${r.walletId}|${r.hash}`;
      if (better(byAccount.get(key), r)) byAccount.set(key, r);
    }
  }

  const latestOfWallet = new Map<string, Link>();
  const unnamed = [...new Set(needLink.filter((p) => !p.event.linkId && !hashOf(p.event)).map((p) => p.event.walletId))];
  if (unnamed.length) {
    const rows = await tx
      .selectDistinctOn([linkedAccounts.walletId], linkCols)
      .from(linkedAccounts)
      .where(and(anyOf(linkedAccounts.walletId, unnamed, "text"), scope))
      .orderBy(linkedAccounts.walletId, sql`(${linkedAccounts.status} = 'removed')`, desc(linkedAccounts.linkedAt));
    for (const r of rows) latestOfWallet.set(r.walletId, r);
  }

  // ---- Wallets: known ones, and the new ones link_created brings (with their e-mail) ----
  // A link found above proves its wallet (linked_accounts.wallet_id references wallets): only the
  // other wallets are looked up.
  const known = new Set<string>([...byId.values(), ...byAccount.values(), ...latestOfWallet.values()].map((l) => l.walletId));
  const unproven = [...new Set([...ok].map((p) => p.event.walletId))].filter((w) => !known.has(w));
  if (unproven.length) for (const r of await tx.select({ id: wallets.id }).from(wallets).where(anyOf(wallets.id, unproven, "text"))) known.add(r.id);
  const newWallets = new Map<string, { id: string; email: string; registeredAt: Date }>();
  for (const p of [...ok]) {
    const e = p.event;
    if (known.has(e.walletId) || newWallets.has(e.walletId)) continue;
    if (e.type === "link_created" && e.email) newWallets.set(e.walletId, { id: e.walletId, email: e.email.toLowerCase(), registeredAt: e.linkedAt });
  }
  for (const p of [...ok]) {
    const e = p.event;
    if (known.has(e.walletId) || newWallets.has(e.walletId)) continue;
    if (e.type === "link_created") drop(p, "email_required", { email: fieldError("email_required") });
    else drop(p, "unknown_wallet", { walletId: fieldError("unknown_wallet") });;
  }
  if (newWallets.size) {
    const rows = [...newWallets.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
    await tx.execute(sql`
      insert into wallets (id, email, registered_at)
      select id, email, registered_at from ${recordset(rows.map((w) => ({ id: w.id, email: w.email, registered_at: w.registeredAt })), "id text, email text, registered_at timestamptz")}
      on conflict (id) do nothing`);
  }

  // ---- New links ----
  const created: (Link & { hash: string; p: Parsed })[] = [];
  for (const p of ok) {
    const e = p.event;
    if (e.type !== "link_created") continue;
    created.push({ id: timeOrderedId(), walletId: e.walletId, bankId: banks.get(e.bankCode)!, status: "active", linkedAt: e.linkedAt, hash: accountHash(e.bankCode, e.branchCode, e.accountNumber), p });
  }
  if (created.length) {
    const rows = created.map((l) => {
      const e = l.p.event as Extract<WalletEvent, { type: "link_created" }>;
      return {
        id: l.id,
        wallet_id: l.walletId,
        bank_id: l.bankId,
        branch_code: e.branchCode,
        account_type: e.accountType,
        account_last4: e.accountNumber.slice(-4),
        account_hash: l.hash,
        holder_name_kana: e.holderNameKana,
        holder_name_search: normaliseKana(e.holderNameKana),
        verification: e.verification,
        device_id: e.deviceId ?? null,
        ip_address: e.ipAddress ?? null,
        linked_at: e.linkedAt,
      };
    });
    await tx.execute(sql`
      insert into linked_accounts (id, wallet_id, bank_id, branch_code, account_type, account_last4, account_hash, holder_name_kana, holder_name_search, verification, device_id, ip_address, status, linked_at)
      select id, wallet_id, bank_id, branch_code, account_type::account_type, account_last4, account_hash, holder_name_kana, holder_name_search,
        verification::verification_method, device_id, ip_address, 'active', linked_at
      from ${recordset(rows, "id uuid, wallet_id text, bank_id uuid, branch_code text, account_type text, account_last4 text, account_hash text, holder_name_kana text, holder_name_search text, verification text, device_id text, ip_address inet, linked_at timestamptz")}`);
    for (const l of created) results[l.p.index] = { index: l.p.index, eventId: l.p.event.eventId, status: "stored", linkId: l.id };
  }

  // Events later in the batch may name the links it creates.
  for (const l of created) {
    byId.set(l.id, l);
    const key = `${l.walletId}|${l.hash}`;
    if (better(byAccount.get(key), l)) byAccount.set(key, l);
    if (better(latestOfWallet.get(l.walletId), l)) latestOfWallet.set(l.walletId, l);
  }

  const linkOf = new Map<Parsed, Link | null>();
  for (const p of needLink) {
    if (!ok.has(p)) continue;
    const e = p.event;
    if (e.linkId) {
      const l = byId.get(e.linkId);
      if (!l) drop(p, "unknown_link", { linkId: fieldError("unknown_link") });
      else if (l.walletId !== e.walletId) drop(p, "link_of_another_wallet", { linkId: fieldError("link_of_another_wallet") });
      else linkOf.set(p, l);
      continue;
    }
    const h = hashOf(e);
    if (h) {
      const l = byAccount.get(`${e.walletId}|${h}`);
      if (!l) drop(p, "no_link_to_account", { accountNumber: fieldError("no_link_to_account") });
      else linkOf.set(p, l);
      continue;
    }
    // A payment or transfer that names no link: the wallet's latest link (at the key's bank, for a
    // bank's key). Without one there is no bank to book it at: refused, never stored without one.
    const latest = latestOfWallet.get(e.walletId);
    if (!latest) drop(p, "no_link_at_bank", { walletId: fieldError("no_link_at_bank", { scope: actor.bankId === null ? "any_bank" : "your_bank" }) });
    else linkOf.set(p, latest);
  }

  // ---- Money movements and removals ----
  const moves = [...linkOf].filter(([p]) => p.event.type !== "link_removed");
  const facts: BatchFacts = { linkIds: created.map((l) => l.id), chargeIds: [], touched: new Map() };
  if (moves.length) {
    const rows = moves.map(([p, link]) => {
      const e = p.event as Extract<WalletEvent, { type: "charge" | "payment" | "transfer" }>;
      return {
        id: timeOrderedId(),
        kind: e.type,
        wallet_id: e.walletId,
        linked_account_id: link?.id ?? null,
        bank_id: link?.bankId ?? null,
        amount_yen: e.amountYen,
        merchant_name: e.type === "payment" ? e.merchantName : null,
        merchant_category: e.type === "payment" ? e.merchantCategory : null,
        occurred_at: e.occurredAt,
        external_event_id: e.eventId,
      };
    });
    // What the detection rules look at: the charges stored, and each link's span of charges and payments.
    for (const r of rows) {
      if (r.kind === "charge") facts.chargeIds.push(r.id);
      if (!r.linked_account_id || (r.kind !== "charge" && r.kind !== "payment")) continue;
      const span = facts.touched.get(r.linked_account_id);
      if (!span) facts.touched.set(r.linked_account_id, { from: r.occurred_at, to: r.occurred_at });
      else if (r.occurred_at < span.from) span.from = r.occurred_at;
      else if (r.occurred_at > span.to) span.to = r.occurred_at;
    }
    await tx.execute(sql`
      insert into transactions (id, kind, wallet_id, linked_account_id, bank_id, amount_yen, merchant_name, merchant_category, occurred_at, external_event_id)
      select id, kind::transaction_kind, wallet_id, linked_account_id, bank_id, amount_yen, merchant_name, merchant_category::merchant_category, occurred_at, external_event_id
      from ${recordset(rows, "id uuid, kind text, wallet_id text, linked_account_id uuid, bank_id uuid, amount_yen bigint, merchant_name text, merchant_category text, occurred_at timestamptz, external_event_id text")}`);
  }
  const removals = [...linkOf].filter(([p]) => p.event.type === "link_removed");
  if (removals.length) {
    await tx
      .update(linkedAccounts)
      .set({
        status: "removed",
        removedAt: sql`coalesce(${linkedAccounts.removedAt}, (${JSON.stringify(Object.fromEntries(removals.map(([p, l]) => [l!.id, (p.event as { occurredAt: Date }).occurredAt.toISOString()])))}::jsonb ->> ${linkedAccounts.id}::text)::timestamptz)`,
        updatedAt: sql`now()`,
      })
      .where(and(inArray(linkedAccounts.id, [...new Set(removals.map(([, l]) => l!.id))]), sql`${linkedAccounts.status} <> 'removed'`));
  }
  for (const [p] of linkOf) results[p.index] = { index: p.index, eventId: p.event.eventId, status: "stored" };

  // ---- Daily rollups, per Japan-time day and bank ----
  const roll = new Map<string, { day: string; bankId: string; chargesCount: number; chargesYen: number; paymentsYen: number; newLinks: number }>();
  const bump = (at: Date, bankId: string, f: (r: { chargesCount: number; chargesYen: number; paymentsYen: number; newLinks: number }) => void) => {
    const day = jstDay(at);
    const key = `${day}|${bankId}`;
    let r = roll.get(key);
    if (!r) roll.set(key, (r = { day, bankId, chargesCount: 0, chargesYen: 0, paymentsYen: 0, newLinks: 0 }));
    f(r);
  };
  for (const l of created) bump(l.linkedAt, l.bankId, (r) => r.newLinks++);
  for (const [p, link] of moves) {
    const e = p.event as Extract<WalletEvent, { type: "charge" | "payment" | "transfer" }>;
    if (!link) continue;
    if (e.type === "charge") bump(e.occurredAt, link.bankId, (r) => ((r.chargesCount += 1), (r.chargesYen += e.amountYen)));
    if (e.type === "payment") bump(e.occurredAt, link.bankId, (r) => (r.paymentsYen += e.amountYen));
  }
  if (roll.size) {
    const rows = [...roll.values()].sort((a, b) => (a.day === b.day ? (a.bankId < b.bankId ? -1 : 1) : a.day < b.day ? -1 : 1));
    await tx
      .insert(dailyBankRollups)
      .values(rows)
      .onConflictDoUpdate({
        target: [dailyBankRollups.day, dailyBankRollups.bankId],
        set: {
          chargesCount: sql`${dailyBankRollups.chargesCount} + excluded.charges_count`,
          chargesYen: sql`${dailyBankRollups.chargesYen} + excluded.charges_yen`,
          paymentsYen: sql`${dailyBankRollups.paymentsYen} + excluded.payments_yen`,
          newLinks: sql`${dailyBankRollups.newLinks} + excluded.new_links`,
        },
      });
  }

  // ---- The detection rules, on what this batch stored (before the batch's audit entry: see lib/rules/engine.ts) ----
  const rules = await runRules(tx, actor, facts);

  // ---- One audit entry for the batch ----
  const stored = work.filter((p) => ok.has(p));
  if (stored.length) {
    const byType: Partial<Record<EventType, number>> = {};
    for (const p of stored) byType[p.event.type] = (byType[p.event.type] ?? 0) + 1;
    await writeAudit(tx, actor, {
      action: "events.ingested",
      entityType: "wallet_events",
      bankId: actor.bankId,
      after: { stored: stored.length, byType, rejected: rejected.length, linksCreated: created.length, ...(rules.hits ? { ruleHits: rules.hits, casesReported: rules.cases } : {}) },
    });
  }
  return rejected;
}
