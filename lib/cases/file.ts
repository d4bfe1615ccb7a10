import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { getDatabase } from "@/db";
import { queryPreparedRows } from "@/lib/accounts/rows";
import { maskAccount } from "@/lib/accounts/query";
import type { Actor } from "@/lib/auth/actor";
import { assertCan, can } from "@/lib/auth/policy";
import { NotFound } from "@/lib/errors";
import { FILE_RELATED_MAX, FILE_TIMELINE_MAX, FILE_TRANSACTIONS_MAX, type Relation } from "./constants";
import type { CaseFile, CaseHeader, CaseTransaction, RelatedCase, TimelineEntry } from "./file-schemas";
import { findCase, type CaseRow } from "./find";

const ISO_US = sql.raw(`'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`);
const iso = (column: ReturnType<typeof sql>) => sql`to_char(${column} at time zone 'UTC', ${ISO_US})`;

type Row = Record<string, unknown>;
const str = (v: unknown) => String(v);
const strOrNull = (v: unknown) => (v === null || v === undefined ? null : String(v));

/**
 * The case file: the case's header, the transactions of its link and of the wallet's other links
 * the viewer may see (each with its mark), the timeline (the case's events and its bank's control
 * changes in the case's time span, newest first), and the related cases across banks through the
 * wallet, e-mail, bank account, device or IP address, each shown only as far as the viewer may see
 * it. Another bank's case is "not found".
 */
export async function getCaseFile(actor: Actor, caseIdOrRef: string, opts: { now?: Date } = {}): Promise<CaseFile> {
  assertCan(actor, "cases.read");
  const handle = await getDatabase();
  const row = await findCase(handle.db, actor, caseIdOrRef);
  const now = opts.now ?? new Date();
  // One statement for the rest of the file: each part is a subquery aggregated to JSON, so a request
  // costs the session check, the case and this (it was eight statements at once, which under 20
  // concurrent requests queued on the pool's connections and were each parsed and planned apart),
  // prepared, so that its plan is made once per connection (planning it took about 4 ms of CPU).
  const list = (q: SQL) => sql`(select coalesce(json_agg(x), '[]'::json) from (${q}) x)`;
  const [parts] = await queryPreparedRows<FileParts>(handle, sql`select
      (select row_to_json(x) from (${headerQuery(row)}) x) as head,
      ${list(newestTransactionsQuery(actor, row))} as newest,
      ${list(markedTransactionsQuery(actor, row))} as marked,
      (${countTransactionsQuery(actor, row)}) as total,
      ${list(eventsQuery(row))} as events,
      ${list(controlsQuery(row, now))} as controls,
      ${list(relatedQuery(row))} as related,
      ${can(actor, "cases.work") ? list(assigneesQuery(row.bankId)) : sql`'[]'::json`} as assignees`);
  if (!parts?.head) throw new NotFound("case");
  const timeline = timelineOf(parts.events, parts.controls);
  return {
    case: headerOf(row, parts.head),
    transactions: transactionsOf(row, parts.newest, parts.marked, Number(parts.total ?? 0)),
    timeline: timeline.timeline,
    related: relatedOf(actor, parts.related),
    people: timeline.people,
    assignees: parts.assignees,
  };
}

interface FileParts extends Row {
  head: Row | null;
  newest: Row[];
  marked: Row[];
  total: number | string | null;
  events: Row[];
  controls: Row[];
  related: Row[];
  assignees: CaseFile["assignees"];
}

// ---- header ------------------------------------------------------------------------------------

function headerQuery(c: CaseRow): SQL {
  return sql`
    select b.bank_code, b.name_ja, b.name_en,
           la.branch_code, la.account_type, la.account_last4, la.holder_name_kana, la.verification, la.status as link_status,
           la.wallet_id, w.email, u.display_name as assignee_name, i.reference as incident_reference, i.title as incident_title
    from linked_accounts la
    join wallets w on w.id = la.wallet_id
    join organisations b on b.id = ${c.bankId}::uuid
    left join users u on u.id = ${c.assigneeId}::uuid
    left join incidents i on i.id = ${c.incidentId}::uuid
    where la.id = ${c.linkedAccountId}::uuid`;
}

function headerOf(c: CaseRow, r: Row): CaseHeader {
  return {
    id: c.id,
      reference: c.reference,
      status: c.status,
      outcome: c.outcome,
      severity: c.severity,
      priority: c.priority,
      hits: c.hits,
      source: c.source,
      version: c.version,
      bank: { code: str(r.bank_code), nameJa: str(r.name_ja), nameEn: str(r.name_en) },
      link: {
        id: c.linkedAccountId,
        branchCode: str(r.branch_code),
        accountType: r.account_type as CaseHeader["link"]["accountType"],
        accountNumberMasked: maskAccount(str(r.account_last4)),
        holderName: str(r.holder_name_kana),
        verification: r.verification as CaseHeader["link"]["verification"],
        status: r.link_status as CaseHeader["link"]["status"],
      },
      wallet: { id: str(r.wallet_id), email: str(r.email) },
      lossYen: c.lossYen,
      confirmedLossYen: c.confirmedLossYen,
      reimbursedYen: c.reimbursedYen,
      outstandingYen: Math.max(0, c.confirmedLossYen - c.reimbursedYen),
      assignee: c.assigneeId ? { id: c.assigneeId, name: str(r.assignee_name) } : null,
      incident: c.incidentId ? { id: c.incidentId, reference: str(r.incident_reference), title: str(r.incident_title) } : null,
      dueAt: c.dueAt.toISOString(),
      snoozedUntil: c.snoozedUntil?.toISOString() ?? null,
      openedAt: c.openedAt.toISOString(),
      closedAt: c.closedAt?.toISOString() ?? null,
      lastActivityAt: c.lastActivityAt.toISOString(),
  };
}

// ---- transactions ------------------------------------------------------------------------------

/** The links whose transactions the case shows: the wallet's links at the banks the actor may see. */
function walletLinks(actor: Actor, c: CaseRow) {
  const scope = actor.bankId === null ? sql`` : sql` and r.bank_id = ${actor.bankId}::uuid`;
  return sql`select r.id, r.account_last4, b.bank_code from linked_accounts r join organisations b on b.id = r.bank_id
             where r.wallet_id = (select wallet_id from linked_accounts where id = ${c.linkedAccountId}::uuid)${scope}`;
}

const TRANSACTION_COLUMNS = sql`t.id::text as id, t.kind, t.amount_yen::text as amount_yen, t.merchant_name, t.merchant_category,
    ${iso(sql`t.occurred_at`)} as occurred_at, l.id::text as link_id, l.bank_code, l.account_last4, ct.fraudulent`;

/** The newest of each link (transactions_link_idx), then the newest of them all. */
function newestTransactionsQuery(actor: Actor, c: CaseRow): SQL {
  return sql`
      with l as (${walletLinks(actor, c)})
      select ${TRANSACTION_COLUMNS}
      from l cross join lateral (
        select * from transactions t where t.linked_account_id = l.id order by t.occurred_at desc, t.id desc limit ${FILE_TRANSACTIONS_MAX}
      ) t
      left join case_transactions ct on ct.case_id = ${c.id}::uuid and ct.transaction_id = t.id
      order by t.occurred_at desc, t.id desc limit ${FILE_TRANSACTIONS_MAX}`;
}

/** Every marked one, however old. */
function markedTransactionsQuery(actor: Actor, c: CaseRow): SQL {
  return sql`
      with l as (${walletLinks(actor, c)})
      select ${TRANSACTION_COLUMNS}
      from case_transactions ct join transactions t on t.id = ct.transaction_id join l on l.id = t.linked_account_id
      where ct.case_id = ${c.id}::uuid`;
}

function countTransactionsQuery(actor: Actor, c: CaseRow): SQL {
  return sql`
      with l as (${walletLinks(actor, c)})
      select count(*)::int as n from transactions t join l on l.id = t.linked_account_id`;
}

function transactionsOf(c: CaseRow, newest: Row[], marked: Row[], total: number): CaseFile["transactions"] {
  const byId = new Map<string, CaseTransaction>();
  for (const t of [...newest, ...marked]) {
    byId.set(str(t.id), {
      id: str(t.id),
      kind: t.kind as CaseTransaction["kind"],
      amountYen: Number(t.amount_yen),
      merchantName: strOrNull(t.merchant_name),
      merchantCategory: (t.merchant_category ?? null) as CaseTransaction["merchantCategory"],
      occurredAt: str(t.occurred_at),
      linkId: str(t.link_id),
      bankCode: str(t.bank_code),
      accountNumberMasked: maskAccount(str(t.account_last4)),
      ownLink: str(t.link_id) === c.linkedAccountId,
      fraudulent: t.fraudulent === null || t.fraudulent === undefined ? null : Boolean(t.fraudulent),
    });
  }
  const items = [...byId.values()].sort((a, b) => (a.occurredAt < b.occurredAt ? 1 : a.occurredAt > b.occurredAt ? -1 : a.id < b.id ? 1 : -1));
  return { items, total, truncated: total > items.length };
}

// ---- timeline ----------------------------------------------------------------------------------

function eventsQuery(c: CaseRow): SQL {
  return sql`
      select e.id::text as id, e.kind, ${iso(sql`e.at`)} as at, e.actor_id::text as actor_id, u.display_name as actor_name, e.version, e.body,
             fu.display_name as from_name, tu.display_name as to_name
      from case_events e
      left join users u on u.id = e.actor_id
      left join users fu on e.kind = 'assigned' and fu.id::text = e.body->>'from'
      left join users tu on e.kind = 'assigned' and tu.id::text = e.body->>'to'
      where e.case_id = ${c.id}::uuid
      order by e.at desc, e.version desc nulls last, e.id desc
      limit ${FILE_TIMELINE_MAX + 1}`;
}

/** The bank's control changes in the case's time span (to its closing, or now). */
function controlsQuery(c: CaseRow, now: Date): SQL {
  const until = c.closedAt ?? now;
  return sql`
      select cc.id::text as id, ${iso(sql`cc.changed_at`)} as at, cc.changed_by::text as actor_id, u.display_name as actor_name,
             cc.control, cc.from_state, cc.to_state, cc.reason
      from control_changes cc left join users u on u.id = cc.changed_by
      where cc.bank_id = ${c.bankId}::uuid and cc.changed_at >= ${c.openedAt.toISOString()}::timestamptz and cc.changed_at <= ${until.toISOString()}::timestamptz
      order by cc.changed_at desc
      limit ${FILE_TIMELINE_MAX + 1}`;
}

function timelineOf(events: Row[], controls: Row[]): { timeline: CaseFile["timeline"]; people: Record<string, string> } {
  const people: Record<string, string> = {};
  const actorOf = (r: Row) => (r.actor_id ? { id: str(r.actor_id), name: str(r.actor_name ?? "") } : null);
  const items: TimelineEntry[] = [
    ...events.map((e) => {
      const body = (typeof e.body === "string" ? JSON.parse(e.body) : (e.body ?? {})) as Record<string, unknown>;
      if (e.kind === "assigned") {
        if (typeof body.from === "string" && e.from_name) people[body.from] = str(e.from_name);
        if (typeof body.to === "string" && e.to_name) people[body.to] = str(e.to_name);
      }
      return { id: str(e.id), kind: e.kind as TimelineEntry["kind"], at: str(e.at), actor: actorOf(e), version: e.version === null ? null : Number(e.version), body };
    }),
    ...controls.map((r) => ({
      id: str(r.id),
      kind: "control_changed" as const,
      at: str(r.at),
      actor: actorOf(r),
      version: null,
      body: { control: r.control, from: r.from_state, to: r.to_state, reason: r.reason },
    })),
  ].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : (b.version ?? 0) - (a.version ?? 0)));
  return { timeline: { items: items.slice(0, FILE_TIMELINE_MAX), truncated: items.length > FILE_TIMELINE_MAX }, people };
}

// ---- related cases -----------------------------------------------------------------------------

const RELATED_CAP = FILE_RELATED_MAX + 1;

function relatedQuery(c: CaseRow): SQL {
  const cap = RELATED_CAP;
  // Five indexed lookups (wallet, bank account, e-mail, device, address), each limited, then one join.
  return sql`
    with me as (
      select la.wallet_id, la.account_hash, la.device_id, la.ip_address, lower(w.email) as email
      from linked_accounts la join wallets w on w.id = la.wallet_id where la.id = ${c.linkedAccountId}::uuid
    ),
    cand as (
      (select r.id from linked_accounts r where r.wallet_id = (select wallet_id from me) limit ${cap})
      union
      (select r.id from linked_accounts r where r.account_hash = (select account_hash from me) limit ${cap})
      union
      (select r.id from linked_accounts r join wallets rw on rw.id = r.wallet_id where lower(rw.email) = (select email from me) limit ${cap})
      union
      (select r.id from linked_accounts r where r.device_id = (select device_id from me) limit ${cap})
      union
      (select r.id from linked_accounts r where r.ip_address = (select ip_address from me) limit ${cap})
    )
    select x.id::text as id, x.reference, x.status, x.outcome, x.loss_yen::text as loss_yen, ${iso(sql`x.opened_at`)} as opened_at,
           x.bank_id::text as bank_id, b.bank_code, b.name_ja, b.name_en,
           r.wallet_id = me.wallet_id as same_wallet,
           r.account_hash = me.account_hash as same_account,
           lower(rw.email) = me.email as same_email,
           coalesce(r.device_id = me.device_id, false) as same_device,
           coalesce(r.ip_address = me.ip_address, false) as same_ip
    from cand
    join linked_accounts r on r.id = cand.id
    join wallets rw on rw.id = r.wallet_id
    join cases x on x.linked_account_id = r.id
    join organisations b on b.id = x.bank_id
    cross join me
    where x.id <> ${c.id}::uuid
    order by x.opened_at desc, x.id desc
    limit ${cap}`;
}

function relatedOf(actor: Actor, rows: Row[]): CaseFile["related"] {
  // Newest first, as the statement listed them (the JSON aggregate keeps its subquery's order; said again here).
  rows.sort((a, b) => (str(a.opened_at) < str(b.opened_at) ? 1 : str(a.opened_at) > str(b.opened_at) ? -1 : str(a.id) < str(b.id) ? 1 : -1));
  const items: RelatedCase[] = rows.slice(0, FILE_RELATED_MAX).map((r) => {
    const relations: Relation[] = [];
    if (r.same_wallet) relations.push("wallet");
    if (r.same_email) relations.push("email");
    if (r.same_account) relations.push("account");
    if (r.same_device) relations.push("device");
    if (r.same_ip) relations.push("ip");
    // Another bank's case: that it exists and how it is related, nothing that names it.
    if (actor.bankId !== null && actor.bankId !== r.bank_id) return { visible: false as const, relations };
    return {
      visible: true as const,
      id: str(r.id),
      reference: str(r.reference),
      bankCode: str(r.bank_code),
      bankNameJa: str(r.name_ja),
      bankNameEn: str(r.name_en),
      status: r.status as CaseHeader["status"],
      outcome: (r.outcome ?? null) as CaseHeader["outcome"],
      lossYen: Number(r.loss_yen),
      openedAt: str(r.opened_at),
      relations,
    };
  });
  return { items, truncated: rows.length > FILE_RELATED_MAX };
}

// ---- assignees ---------------------------------------------------------------------------------

function assigneesQuery(bankId: string): SQL {
  return sql`
    select u.id::text as id, u.display_name as name
    from users u join organisations o on o.id = u.org_id
    where u.status = 'active' and 'investigator' = any(u.roles) and (o.kind = 'carrier' or o.id = ${bankId}::uuid)
    order by o.kind, u.display_name`;
}
