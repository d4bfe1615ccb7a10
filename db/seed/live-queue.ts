import { sql } from "drizzle-orm";
import type { Queryable } from "../index";
import { caseEvents, cases, caseTransactions } from "../schema";
import type { CaseEventKind, CaseOutcome, CaseSeverity, CaseStatus } from "../schema";
import { DEFAULT_SLA_HOURS } from "@/lib/cases/constants";
import { jstDay } from "@/lib/jst";
import { HOUR, addMs } from "./calendar";
import { queryRows } from "./query";
import { Random } from "./random";
import { RECENT_DAYS } from "./recent";
import { STORY_SEED } from "./story";

/**
 * The demo's live queue: around the story's 120 closed cases, the cases a working Monday holds,
 * on the recent days' ordinary traffic (db/seed/recent.ts). Some opened by the detection rules,
 * some by hand, in every status (closed with each outcome), some overdue, some due within 24 hours,
 * some snoozed, assigned to the carrier's and the banks' investigators or to nobody, with notes,
 * marked transactions and a timeline of what the workflow writes (lib/cases/open.ts, write.ts and
 * the workflow's event bodies), version by version.
 *
 * The rule cases are picked in SQL by a loose form of each rule's pattern, not by the rules
 * engine: the recent traffic is ordinary, and every bank's registrations are suspended since the
 * story, so no link is new in these days. `pin_then_charge`: a charge from a PIN-only link;
 * `cash_out`: a charge from a wallet that paid at convenience stores or home-appliance shops in the
 * same days; `multi_bank_identity`: a wallet linked at two or more banks; `link_burst`: a link made
 * in an hour its bank had several new links. Deterministic for a given present (the seed's Random;
 * the links are the recent traffic's, which depends on `now`). One case per link.
 */

const LIVE_SEED = STORY_SEED + 20;
/** How many cases the queue holds when the traffic offers enough links (fewer at tiny scales). */
export const LIVE_QUEUE_SIZE = 120;
export const RULE_CODES = ["pin_then_charge", "multi_bank_identity", "cash_out", "link_burst"] as const;
type Source = (typeof RULE_CODES)[number] | "manual";
const RULE_QUOTA: Record<(typeof RULE_CODES)[number], number> = { pin_then_charge: 14, cash_out: 8, multi_bank_identity: 16, link_burst: 6 };
const RULE_SEVERITY: Record<(typeof RULE_CODES)[number], readonly (readonly [CaseSeverity, number])[]> = {
  pin_then_charge: [["high", 3], ["critical", 1]],
  cash_out: [["critical", 2], ["high", 1]],
  multi_bank_identity: [["medium", 2], ["high", 1]],
  link_burst: [["medium", 2], ["low", 1]],
};
const STAFF_BANKS = ["0101", "0108"];
const CARRIER_INVESTIGATORS = ["investigator@carrier.demo", "investigator2@carrier.demo"];

interface Candidate {
  link_id: string;
  bank_id: string;
  bank_code: string;
  wallet_id: string;
  pin_charge_at: string | null;
  pin_charge_yen: string | number | null;
  cash_at: string | null;
  cash_yen: string | number | null;
  banks: number;
  burst: number;
  first_at: string;
}

interface RecentTransaction {
  id: string;
  link_id: string;
  kind: string;
  amount_yen: string | number;
  occurred_at: string;
}

interface Change {
  at: Date;
  actor: string | null;
  events: { kind: CaseEventKind; body: Record<string, unknown> }[];
}

export interface PlannedLiveCase {
  id: string;
  reference: string;
  bankCode: string;
  bankId: string;
  linkId: string;
  source: Source;
  severity: CaseSeverity;
  status: CaseStatus;
  outcome: CaseOutcome | null;
  assignee: string | null;
  hits: number;
  openedAt: Date;
  dueAt: Date;
  snoozedUntil: Date | null;
  closedAt: Date | null;
  lossYen: number;
  confirmedLossYen: number;
  changes: Change[];
  marks: { transactionId: string; fraudulent: boolean; by: string; at: Date }[];
}

const OPENING_NOTES = [
  "顧客から身に覚えのない決済があるとコールセンターに申告あり。",
  "銀行窓口経由で、本人が利用していない電子マネーへの連携について問い合わせ。",
  "Customer called: a payment at a convenience store they did not make.",
  "支店から連絡: 高齢の顧客の口座で普段と異なる取引。",
  "The bank forwarded a customer's complaint about an unknown wallet charge.",
];
const WORK_NOTES = [
  "本人確認の折り返し待ち。",
  "取引明細を銀行に照会中。",
  "Called the customer back; they confirm the wallet is theirs but not the last payment.",
  "同一メールアドレスの他口座を確認中。",
  "Merchant asked for the receipt and camera footage.",
  "端末情報とIPは通常の利用と一致。",
  "Customer confirms the charge was made by a family member.",
];
const BANK_NOTES = ["当行でも顧客に連絡済み。結果を共有します。", "Our branch met the customer today; report to follow."];

function toDate(v: string | Date): Date {
  return v instanceof Date ? v : new Date(v);
}

/** The links of the recent traffic with what each rule's loose pattern saw on them (see above). */
async function candidates(tx: Queryable, since: Date): Promise<Candidate[]> {
  return queryRows<Candidate>(tx, sql`
    with recent as (
      select t.id, t.kind, t.wallet_id, t.linked_account_id, t.amount_yen, t.merchant_category, t.occurred_at
      from transactions t where t.occurred_at > ${since}
    ),
    active as (
      select linked_account_id as link_id, min(occurred_at) as first_at from recent group by 1
    ),
    pin_charges as (
      select distinct on (r.linked_account_id) r.linked_account_id as link_id, r.occurred_at as at, r.amount_yen
      from recent r join linked_accounts la on la.id = r.linked_account_id
      where r.kind = 'charge' and la.verification = 'pin_only'
      order by r.linked_account_id, r.occurred_at
    ),
    cash as (
      select distinct on (c.linked_account_id) c.linked_account_id as link_id, c.occurred_at as at, c.amount_yen
      from recent c
      where c.kind = 'charge' and exists (
        select 1 from recent p where p.wallet_id = c.wallet_id and p.kind = 'payment' and p.merchant_category in ('convenience_store', 'home_appliances'))
      order by c.linked_account_id, c.occurred_at
    ),
    wallet_banks as (
      select wallet_id, count(distinct bank_id)::int as banks from linked_accounts group by wallet_id having count(distinct bank_id) >= 2
    ),
    link_hours as (
      select bank_id, date_trunc('hour', linked_at) as h, count(*)::int as n from linked_accounts group by 1, 2 having count(*) >= 3
    )
    select la.id as link_id, la.bank_id, o.bank_code, la.wallet_id,
      pc.at as pin_charge_at, pc.amount_yen as pin_charge_yen, ca.at as cash_at, ca.amount_yen as cash_yen,
      coalesce(wb.banks, 1) as banks, coalesce(lh.n, 0) as burst, a.first_at
    from active a
      join linked_accounts la on la.id = a.link_id
      join organisations o on o.id = la.bank_id
      left join pin_charges pc on pc.link_id = la.id
      left join cash ca on ca.link_id = la.id
      left join wallet_banks wb on wb.wallet_id = la.wallet_id
      left join link_hours lh on lh.bank_id = la.bank_id and lh.h = date_trunc('hour', la.linked_at)
    where la.status = 'active' and not exists (select 1 from cases c where c.linked_account_id = la.id)
    order by la.id`);
}

async function recentTransactionsOf(tx: Queryable, linkIds: string[], since: Date): Promise<Map<string, RecentTransaction[]>> {
  const out = new Map<string, RecentTransaction[]>();
  if (linkIds.length === 0) return out;
  const rows = await queryRows<RecentTransaction>(tx, sql`
    select t.id, t.linked_account_id as link_id, t.kind, t.amount_yen, t.occurred_at
    from transactions t
    where t.occurred_at > ${since} and t.linked_account_id in (${sql.join(linkIds.map((id) => sql`${id}::uuid`), sql`, `)})
    order by t.linked_account_id, t.occurred_at, t.id`);
  for (const r of rows) out.set(r.link_id, [...(out.get(r.link_id) ?? []), r]);
  return out;
}

interface Pick {
  c: Candidate;
  source: Source;
  /** When the rule saw it (rules), or when the person opened it (manual: set later). */
  at: Date | null;
  details: Record<string, unknown> | null;
}

function pickLinks(rng: Random, all: Candidate[]): Pick[] {
  const shuffled = rng.shuffle(all);
  const used = new Set<string>();
  const picks: Pick[] = [];
  const take = (source: Source, quota: number, test: (c: Candidate) => boolean, describe: (c: Candidate) => { at: Date | null; details: Record<string, unknown> | null }) => {
    for (const c of shuffled) {
      if (quota <= 0) break;
      if (used.has(c.link_id) || !test(c)) continue;
      used.add(c.link_id);
      picks.push({ c, source, ...describe(c) });
      quota--;
    }
  };
  take("pin_then_charge", RULE_QUOTA.pin_then_charge, (c) => c.pin_charge_at !== null, (c) => ({
    at: toDate(c.pin_charge_at!),
    details: { verification: "pin_only", chargeYen: Number(c.pin_charge_yen), chargedAt: toDate(c.pin_charge_at!).toISOString() },
  }));
  take("cash_out", RULE_QUOTA.cash_out, (c) => c.cash_at !== null, (c) => ({
    at: toDate(c.cash_at!),
    details: { chargeYen: Number(c.cash_yen), chargedAt: toDate(c.cash_at!).toISOString(), categories: ["convenience_store", "home_appliances"] },
  }));
  // Another bank's name or code is never written into a case: only how many banks.
  take("multi_bank_identity", RULE_QUOTA.multi_bank_identity, (c) => c.banks >= 2, (c) => ({ at: toDate(c.first_at), details: { identity: "email", banks: c.banks } }));
  take("link_burst", RULE_QUOTA.link_burst, (c) => c.burst >= 3, (c) => ({ at: toDate(c.first_at), details: { linksInHour: c.burst } }));
  // By hand: close to half at the banks with demo staff, the rest anywhere.
  const manual = Math.max(0, LIVE_QUEUE_SIZE - picks.length);
  take("manual", Math.ceil(manual * 0.45), (c) => STAFF_BANKS.includes(c.bank_code), () => ({ at: null, details: null }));
  take("manual", LIVE_QUEUE_SIZE - picks.length, () => true, () => ({ at: null, details: null }));
  return picks;
}

type SlaTarget = "overdue" | "due_soon" | "later";

/** A person's case, opened so that it lands in the SLA state asked for (overdue, due within 24 h, later). */
function manualOpening(rng: Random, target: SlaTarget, now: Date): { severity: CaseSeverity; openedAt: Date } {
  const maxAge = RECENT_DAYS * 24 - 2;
  if (target === "overdue") {
    const severity = rng.pick<CaseSeverity>(["critical", "high", "high", "medium"]);
    return { severity, openedAt: addMs(now, -Math.min(maxAge, DEFAULT_SLA_HOURS[severity] + rng.int(1, 40)) * HOUR - rng.int(0, 59) * 60_000) };
  }
  if (target === "due_soon") {
    const severity = rng.pick<CaseSeverity>(["critical", "high", "medium"]);
    return { severity, openedAt: addMs(now, -(DEFAULT_SLA_HOURS[severity] - rng.int(2, 22)) * HOUR) };
  }
  const severity = rng.pick<CaseSeverity>(["high", "medium", "medium", "low", "low"]);
  const age = rng.int(1, Math.min(maxAge, DEFAULT_SLA_HOURS[severity] - 26));
  return { severity, openedAt: addMs(now, -age * HOUR - rng.int(0, 59) * 60_000) };
}

type Plan = { status: CaseStatus; outcome: CaseOutcome | null };

/** Every status and outcome at least once, then a working Monday's mix. */
function plannedStatus(rng: Random, i: number): Plan {
  const first: Plan[] = [
    { status: "new", outcome: null },
    { status: "investigating", outcome: null },
    { status: "closed", outcome: "confirmed_fraud" },
    { status: "triage", outcome: null },
    { status: "closed", outcome: "not_fraud" },
    { status: "closed", outcome: "inconclusive" },
  ];
  if (i < first.length) return first[i]!;
  const status = rng.weighted<CaseStatus>([
    ["new", 28],
    ["triage", 22],
    ["investigating", 30],
    ["closed", 20],
  ]);
  if (status !== "closed") return { status, outcome: null };
  return { status, outcome: rng.weighted<CaseOutcome>([["confirmed_fraud", 35], ["not_fraud", 45], ["inconclusive", 20]]) };
}

function investigatorsFor(bankCode: string): string[] {
  return STAFF_BANKS.includes(bankCode) ? [...CARRIER_INVESTIGATORS, `investigator@bank${bankCode}.demo`] : CARRIER_INVESTIGATORS;
}

/**
 * A case's history, change by change, from its opening to its status: what lib/cases/open.ts and
 * the workflow write (bodies with from/to), squeezed to end before `now`.
 */
function planCase(rng: Random, pick: Pick, plan: Plan, target: SlaTarget, txs: RecentTransaction[], now: Date, userIds: Map<string, string>): Omit<PlannedLiveCase, "reference"> {
  const { c, source } = pick;
  let severity: CaseSeverity;
  let openedAt: Date;
  if (source === "manual") {
    ({ severity, openedAt } = manualOpening(rng, target, now));
  } else {
    severity = rng.weighted(RULE_SEVERITY[source]);
    openedAt = addMs(pick.at!, rng.int(5, 90) * 1000);
    // Older hits mostly at a lower severity: a working Monday is not all late.
    const ageHours = (now.getTime() - openedAt.getTime()) / HOUR;
    if (ageHours > DEFAULT_SLA_HOURS[severity] && rng.chance(0.6)) severity = ageHours < DEFAULT_SLA_HOURS.medium ? "medium" : "low";
  }
  const latest = addMs(now, -rng.int(3, 30) * 60_000);
  if (openedAt > latest) openedAt = latest;
  const dueAt = addMs(openedAt, DEFAULT_SLA_HOURS[severity] * HOUR);
  const investigators = investigatorsFor(c.bank_code);
  const assigned = plan.status === "new" ? rng.chance(0.25) : plan.status === "triage" ? rng.chance(0.65) : true;
  const assignee = assigned ? rng.pick(investigators) : null;
  const worker = assignee ?? rng.pick(CARRIER_INVESTIGATORS);
  const opener = source === "manual" ? rng.pick(investigators) : null;
  const id = (email: string | null) => (email === null ? null : userIds.get(email)!);

  // The changes in order, with relative weights of time between them.
  const steps: { gap: number; actor: string | null; events: Change["events"] }[] = [];
  const body = { source, ...(source === "manual" ? { note: rng.pick(OPENING_NOTES) } : {}), ...(pick.details ? { details: pick.details } : {}) };
  steps.push({ gap: 0, actor: opener, events: [{ kind: "opened", body }] });
  let hits = 1;
  if (source !== "manual" && rng.chance(0.2)) {
    hits = 2;
    steps.push({ gap: rng.int(10, 300), actor: null, events: [{ kind: "rule_hit", body: { ...body, reportedAgain: true } }] });
  }
  if (assignee) steps.push({ gap: rng.int(5, 120), actor: assignee === worker && rng.chance(0.7) ? assignee : rng.pick(CARRIER_INVESTIGATORS), events: [{ kind: "assigned", body: { from: null, to: id(assignee) } }] });
  const marks: PlannedLiveCase["marks"] = [];
  let lossYen = 0;
  let confirmedLossYen = 0;
  let closedAt: Date | null = null;
  const ladder: CaseStatus[] = plan.status === "new" ? [] : plan.status === "triage" ? ["triage"] : ["triage", "investigating"];
  let from: CaseStatus = "new";
  for (const to of ladder) {
    steps.push({ gap: rng.int(15, 240), actor: worker, events: [{ kind: "status_changed", body: { from, to } }] });
    from = to;
  }
  if (plan.status === "investigating" || plan.status === "closed") {
    // Marks: fraudulent for confirmed fraud (at least one), not for a case that was not fraud.
    const n = Math.min(txs.length, plan.outcome === "not_fraud" ? rng.int(0, 2) : rng.int(1, 3));
    const chosen = rng.shuffle(txs).slice(0, n);
    chosen.forEach((t, k) => {
      const fraudulent = plan.outcome === "confirmed_fraud" ? k === 0 || rng.chance(0.6) : plan.outcome === "not_fraud" ? false : rng.chance(0.5);
      const lossFrom = lossYen;
      if (fraudulent) lossYen += Number(t.amount_yen);
      const lossTo = lossYen;
      steps.push({
        gap: rng.int(2, 30),
        actor: worker,
        events: [{ kind: "transaction_marked", body: { transactionId: t.id, kind: t.kind, amountYen: Number(t.amount_yen), from: null, to: fraudulent, lossFrom, lossTo } }],
      });
      marks.push({ transactionId: t.id, fraudulent, by: worker, at: new Date(0) });
    });
  }
  if (plan.status !== "new" && rng.chance(0.6)) steps.push({ gap: rng.int(20, 300), actor: worker, events: [{ kind: "note", body: { text: rng.pick(WORK_NOTES) } }] });
  if (STAFF_BANKS.includes(c.bank_code) && rng.chance(0.25)) {
    steps.push({ gap: rng.int(30, 400), actor: `operator@bank${c.bank_code}.demo`, events: [{ kind: "note", body: { text: rng.pick(BANK_NOTES) } }] });
  }
  if (plan.status === "closed") {
    confirmedLossYen = plan.outcome === "confirmed_fraud" ? lossYen : 0;
    steps.push({
      gap: rng.int(30, 600),
      actor: worker,
      events: [
        { kind: "status_changed", body: { from, to: "closed" } },
        { kind: "outcome_set", body: { from: null, to: plan.outcome, confirmedLossYen } },
      ],
    });
  }
  let snoozedUntil: Date | null = null;
  const snooze = plan.status !== "closed" && rng.chance(0.12);
  if (snooze) steps.push({ gap: rng.int(10, 200), actor: worker, events: [] });

  // Times: the gaps scaled into the time between opening and now.
  const total = steps.reduce((s, x) => s + x.gap, 0);
  const room = (latest.getTime() - openedAt.getTime()) / 60_000;
  const scale = total > room ? room / total : 1;
  let t = openedAt.getTime();
  const changes: Change[] = [];
  steps.forEach((s, k) => {
    t += Math.floor(s.gap * scale) * 60_000;
    const at = new Date(t);
    if (snooze && k === steps.length - 1) {
      snoozedUntil = addMs(at, rng.int(1, 5) * 24 * HOUR + rng.int(0, 8) * HOUR);
      if (snoozedUntil <= now) snoozedUntil = addMs(now, rng.int(20, 96) * HOUR);
      changes.push({ at, actor: s.actor, events: [{ kind: "snoozed", body: { from: null, to: snoozedUntil.toISOString() } }] });
      return;
    }
    changes.push({ at, actor: s.actor, events: s.events });
    if (s.events[0]?.kind === "status_changed" && s.events[0].body.to === "closed") closedAt = at;
  });
  // Each mark's time is its change's.
  let m = 0;
  for (const ch of changes) if (ch.events[0]?.kind === "transaction_marked") marks[m++]!.at = ch.at;

  return {
    id: rng.uuid(),
    bankCode: c.bank_code,
    bankId: c.bank_id,
    linkId: c.link_id,
    source,
    severity,
    status: plan.status,
    outcome: plan.outcome,
    assignee,
    hits,
    openedAt,
    dueAt,
    snoozedUntil,
    closedAt,
    lossYen,
    confirmedLossYen,
    changes,
    marks,
  };
}

/** The live queue's plan for the links picked (pure: the same inputs, the same plan). */
function planLiveQueue(rng: Random, chosen: Pick[], txsOf: (linkId: string) => RecentTransaction[], now: Date, userIds: Map<string, string>): PlannedLiveCase[] {
  let manual = 0;
  const targets: SlaTarget[] = ["overdue", "due_soon", "later", "later", "overdue", "later", "due_soon", "later"];
  const planned = chosen.map((p, i) => planCase(rng, p, plannedStatus(rng, i), p.source === "manual" ? targets[manual++ % targets.length]! : "later", txsOf(p.c.link_id), now, userIds));
  // References in the order the cases were opened, numbered per Japan year (after the story's years).
  const byOpening = [...planned].sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime() || a.id.localeCompare(b.id));
  const perYear = new Map<string, number>();
  return byOpening.map((c) => {
    const year = jstDay(c.openedAt).slice(0, 4);
    const n = (perYear.get(year) ?? 0) + 1;
    perYear.set(year, n);
    return { ...c, reference: `C-${year}-${String(n).padStart(4, "0")}` };
  });
}

async function insertChunked<T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

/** Picks the links, plans the cases and writes them with their timelines and marks. */
export async function writeLiveQueue(tx: Queryable, userIds: Map<string, string>, now: Date): Promise<PlannedLiveCase[]> {
  const since = addMs(now, -RECENT_DAYS * 24 * HOUR);
  const all = await candidates(tx, since);
  const rng = new Random(LIVE_SEED);
  const picks = pickLinks(rng, all);
  const txs = await recentTransactionsOf(tx, picks.map((p) => p.c.link_id), since);
  const planned = planLiveQueue(rng, picks, (id) => txs.get(id) ?? [], now, userIds);
  const user = (email: string | null) => (email === null ? null : userIds.get(email)!);
  if (planned.length === 0) return planned;
  await insertChunked(planned, 200, (chunk) =>
    tx.insert(cases).values(
      chunk.map((c) => {
        const last = c.changes[c.changes.length - 1]!.at;
        return {
          id: c.id,
          reference: c.reference,
          bankId: c.bankId,
          linkedAccountId: c.linkId,
          status: c.status,
          outcome: c.outcome,
          severity: c.severity,
          priority: c.hits - 1,
          hits: c.hits,
          source: c.source,
          lossYen: c.lossYen,
          confirmedLossYen: c.confirmedLossYen,
          assigneeId: user(c.assignee),
          dueAt: c.dueAt,
          snoozedUntil: c.snoozedUntil,
          version: c.changes.length,
          openedAt: c.openedAt,
          closedAt: c.closedAt,
          lastActivityAt: last,
          createdAt: c.openedAt,
          updatedAt: last,
        };
      }),
    ),
  );
  const events = planned.flatMap((c) =>
    c.changes.flatMap((ch, v) => ch.events.map((e) => ({ caseId: c.id, kind: e.kind, body: e.body, actorId: user(ch.actor), version: v + 1, at: ch.at }))),
  );
  await insertChunked(events, 1000, (chunk) => tx.insert(caseEvents).values(chunk));
  const marks = planned.flatMap((c) => c.marks.map((m) => ({ caseId: c.id, transactionId: m.transactionId, fraudulent: m.fraudulent, linkedBy: user(m.by), linkedAt: m.at })));
  if (marks.length) await insertChunked(marks, 1000, (chunk) => tx.insert(caseTransactions).values(chunk));
  return planned;
}
