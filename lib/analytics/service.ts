import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import { getDb, type Queryable } from "@/db";
import { queryRows } from "@/db/seed/query";
import type { StaffActor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/policy";
import { fieldError, Invalid } from "@/lib/errors";
import { isUuid } from "@/lib/http/cursor";
import { jstDay } from "@/lib/jst";
import { AGE_BANDS } from "./constants";
import {
  ANALYTICS_ERRORS,
  type AnalyticsQuery,
  type AnalyticsSummary,
  type BankRef,
  type caseFlow,
  type decisionsPerDay,
  type Headline,
  type linksByVerification,
  type lossByBank,
  type lossOverTime,
  type regulatorTable,
  type spendingByCategory,
} from "./schemas";

/**
 * Loss analytics (#16 §1–2), read from the rollups of migration 0025 (never from transactions).
 * Scope is decided here: the carrier's managers and auditors see every bank; a bank's staff see
 * their own bank, and beside it the average of all banks (a total over every bank divided by their
 * number), never another bank's name or figure. Figures of cases are counted by the Japan day the
 * case was opened (the regulator's table: by the day of its first fraudulent withdrawal);
 * fraudulent spending by the payment's day; links by the day linked; decisions by the day decided.
 * Links and decisions belong to no case: with an incident they are those of the incident's banks
 * (the banks of its cases) over its period (from the day it started to today, or to its cases' last
 * day once it is closed).
 */

interface Bank extends BankRef {
  id: string;
}

interface Scope {
  actor: StaffActor;
  from: string | null;
  to: string | null;
  /** The banks selected (ids), or null for every bank (the carrier without a bank filter). */
  bankIds: string[] | null;
  banks: Bank[];
  allBanks: Bank[];
  incident: Incident | null;
  withAverage: boolean;
}

interface Incident {
  id: string;
  reference: string;
  title: string;
  /** Its period in Japan days: the day it started to today (its cases' last day once closed). */
  from: string;
  to: string;
  /** The banks of its cases (never echoed: a bank's staff would read other banks' ids). */
  bankIds: string[];
}

type Filters = z.output<typeof lossOverTime>["filters"];

const n = (v: unknown) => Number(v ?? 0);
const ref = (b: Bank): BankRef => ({ code: b.code, nameJa: b.nameJa, nameEn: b.nameEn });

async function resolveScope(db: Queryable, actor: StaffActor, q: AnalyticsQuery): Promise<Scope> {
  assertCan(actor, "analytics.read");
  const allBanks = (
    await queryRows<{ id: string; code: string; name_ja: string; name_en: string }>(
      db,
      sql`select id::text, bank_code as code, name_ja, name_en from organisations where kind = 'bank' order by bank_code`,
    )
  ).map((b) => ({ id: b.id, code: b.code, nameJa: b.name_ja, nameEn: b.name_en }));
  const visible = actor.bankId === null ? allBanks : allBanks.filter((b) => b.id === actor.bankId);
  let banks = visible;
  if (q.bank) {
    const codes = [...new Set(q.bank.split(","))];
    const chosen = codes.map((c) => visible.find((b) => b.code === c));
    if (chosen.some((b) => !b)) throw new Invalid("No such bank in your scope.", { bank: fieldError(ANALYTICS_ERRORS.unknownBank) });
    banks = chosen as Bank[];
  }
  let incident: Scope["incident"] = null;
  if (q.incident) {
    const key = isUuid(q.incident) ? sql`id = ${q.incident.toLowerCase()}::uuid` : sql`reference = ${q.incident.toUpperCase()}`;
    const [row] = await queryRows<{ id: string; reference: string; title: string; status: string; started: string }>(
      db,
      sql`select id::text, reference, title, status::text, (started_at at time zone 'Asia/Tokyo')::date::text as started from incidents where ${key}`,
    );
    if (!row) throw new Invalid("No such incident.", { incident: fieldError(ANALYTICS_ERRORS.unknownIncident) });
    // The incident's cases by their index (cases_incident_idx), not a scan of the case rollups (keyed by day).
    const banks = await queryRows<{ bank_id: string; last_day: string | null }>(
      db,
      sql`select bank_id::text, (max(greatest(opened_at, case when status = 'closed' then coalesce(closed_at, updated_at) end)) at time zone 'Asia/Tokyo')::date::text as last_day
        from cases where incident_id = ${row.id}::uuid group by bank_id`,
    );
    const lastDay = banks.reduce<string | null>((m, b) => (b.last_day && (!m || b.last_day > m) ? b.last_day : m), null);
    const to = row.status === "closed" && lastDay ? lastDay : jstDay(new Date());
    incident = { id: row.id, reference: row.reference, title: row.title, from: row.started, to: to < row.started ? row.started : to, bankIds: banks.map((b) => b.bank_id) };
  }
  const carrierAll = actor.bankId === null && !q.bank;
  return {
    actor,
    from: q.from ?? null,
    to: q.to ?? null,
    bankIds: carrierAll ? null : banks.map((b) => b.id),
    banks,
    allBanks,
    incident,
    withAverage: actor.bankId !== null,
  };
}

function filtersOf(s: Scope): Filters {
  const i = s.incident;
  return { from: s.from, to: s.to, banks: s.banks.map(ref), incident: i && { id: i.id, reference: i.reference, title: i.title, from: i.from, to: i.to }, withAverage: s.withAverage };
}

/**
 * Conditions on a rollup: its day column in the period, its bank among those chosen (unless
 * `everyBank`), the incident: its cases for the case rollups; for `traffic` (links, decisions,
 * which belong to no case) the incident's banks over its period.
 */
function where(s: Scope, dayColumn: string, opts: { everyBank?: boolean; traffic?: boolean } = {}): SQL {
  const c: SQL[] = [sql`true`];
  const day = sql.identifier(dayColumn);
  if (s.from) c.push(sql`${day} >= ${s.from}::date`);
  if (s.to) c.push(sql`${day} <= ${s.to}::date`);
  c.push(...banksOf(s, opts));
  if (s.incident && opts.traffic) c.push(sql`${day} >= ${s.incident.from}::date and ${day} <= ${s.incident.to}::date`);
  else if (s.incident) c.push(sql`incident_key = ${s.incident.id}::uuid`);
  return sql.join(c, sql` and `);
}

/** The bank conditions of `where` alone (for a rollup whose period is chosen otherwise). */
function banksOf(s: Scope, opts: { everyBank?: boolean; traffic?: boolean }): SQL[] {
  const c: SQL[] = [];
  if (!opts.everyBank && s.bankIds) c.push(sql`bank_id = any(${sql.param(s.bankIds)}::uuid[])`);
  if (s.incident && opts.traffic) c.push(sql`bank_id = any(${sql.param(s.incident.bankIds)}::uuid[])`);
  return c;
}

const later = (a: string | null, b: string) => (a && a > b ? a : b);
const earlier = (a: string | null, b: string) => (a && a < b ? a : b);
const dayOf = (d: Date) => d.toISOString().slice(0, 10);

/**
 * A period of Japan days (either end open) as the calendar months wholly inside it (first days,
 * both included; null: no months) and the days outside those months (at most two stretches).
 */
export function wholeMonths(from: string | null, to: string | null): { months: { from: string | null; to: string | null } | null; days: { from: string | null; to: string | null }[] } {
  // The first month that starts on or after `from`, the last that ends on or before `to`.
  const first = from === null ? null : from.endsWith("-01") ? from : dayOf(new Date(Date.UTC(Number(from.slice(0, 4)), Number(from.slice(5, 7)), 1)));
  const toNext = to === null ? null : dayOf(new Date(Date.UTC(Number(to.slice(0, 4)), Number(to.slice(5, 7)) - 1, Number(to.slice(8, 10)) + 1)));
  const last = to === null || toNext === null ? null : toNext.endsWith("-01") ? `${to.slice(0, 8)}01` : dayOf(new Date(Date.UTC(Number(to.slice(0, 4)), Number(to.slice(5, 7)) - 2, 1)));
  const dayBefore = (d: string) => dayOf(new Date(Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)) - 1)));
  const monthAfter = (m: string) => dayOf(new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)), 1)));
  if (first !== null && last !== null && first > last) return { months: null, days: [{ from, to }] };
  const days: { from: string | null; to: string | null }[] = [];
  if (from !== null && first !== null && from < first) days.push({ from, to: dayBefore(first) });
  if (to !== null && last !== null && monthAfter(last) <= to) days.push({ from: monthAfter(last), to });
  return { months: { from: first, to: last }, days };
}

/** No bank condition applies: every bank's rows are added up (the rollups without a bank then answer). */
const everyBankAtOnce = (s: Scope, opts: { everyBank?: boolean; traffic?: boolean } = {}) => (opts.everyBank || s.bankIds === null) && !(opts.traffic && s.incident);

const perBank = (v: number, s: Scope) => v / Math.max(1, s.allBanks.length);

async function run<T>(actor: StaffActor, q: AnalyticsQuery, body: (db: Queryable, s: Scope) => Promise<T>): Promise<T> {
  const db = await getDb();
  return body(db, await resolveScope(db, actor, q));
}

// ---- headline figures --------------------------------------------------------------------------

async function headlineOf(db: Queryable, s: Scope, everyBank: boolean): Promise<Headline> {
  const [r] = await queryRows<Record<string, string | number | null>>(db, sql`
    select
      coalesce(sum(loss_yen) filter (where outcome = 'confirmed_fraud'), 0) as loss,
      coalesce(sum(cases) filter (where outcome = 'confirmed_fraud'), 0) as confirmed,
      count(distinct bank_id) filter (where outcome = 'confirmed_fraud' and cases > 0) as banks,
      coalesce(sum(reimbursed_yen) filter (where outcome = 'confirmed_fraud'), 0) as compensated_yen,
      coalesce(sum(cases) filter (where compensation = 'compensated'), 0) as compensated,
      coalesce(sum(cases) filter (where compensation = 'refused'), 0) as refused,
      coalesce(sum(loss_yen - reimbursed_yen) filter (where compensation = 'refused'), 0) as refused_yen,
      coalesce(sum(cases) filter (where compensation = 'pending'), 0) as pending,
      coalesce(sum(loss_yen - reimbursed_yen) filter (where compensation = 'pending'), 0) as pending_yen,
      coalesce(sum(loss_yen - reimbursed_yen) filter (where compensation in ('compensated', 'refused')), 0) as outstanding_yen
    from analytics_case_day_rollups where ${where(s, "opened_day", { everyBank })}`);
  const decisions = everyBankAtOnce(s, { everyBank, traffic: true }) ? sql`analytics_decision_day_rollups` : sql`analytics_decision_rollups`;
  const [d] = await queryRows<{ blocked: string | number | null }>(
    db,
    sql`select coalesce(sum(decisions), 0) as blocked from ${decisions} where outcome = 'deny' and ${where(s, "day", { everyBank, traffic: true })}`,
  );
  const compensated = n(r?.compensated);
  const refused = n(r?.refused);
  return {
    lossYen: n(r?.loss),
    confirmedCases: n(r?.confirmed),
    banksAffected: n(r?.banks),
    totalBanks: s.allBanks.length,
    compensatedYen: n(r?.compensated_yen),
    compensatedCases: compensated,
    refusedCases: refused,
    refusedYen: n(r?.refused_yen),
    pendingCases: n(r?.pending),
    pendingYen: n(r?.pending_yen),
    outstandingYen: n(r?.outstanding_yen),
    compensationRate: compensated + refused === 0 ? null : compensated / (compensated + refused),
    blockedAttempts: n(d?.blocked),
  };
}

function averaged(h: Headline, s: Scope): Headline {
  const avg = (v: number) => perBank(v, s);
  return {
    ...h,
    lossYen: avg(h.lossYen),
    confirmedCases: avg(h.confirmedCases),
    banksAffected: null,
    compensatedYen: avg(h.compensatedYen),
    compensatedCases: avg(h.compensatedCases),
    refusedCases: avg(h.refusedCases),
    refusedYen: avg(h.refusedYen),
    pendingCases: avg(h.pendingCases),
    pendingYen: avg(h.pendingYen),
    outstandingYen: avg(h.outstandingYen),
    blockedAttempts: avg(h.blockedAttempts),
  };
}

/** GET /api/v1/analytics/summary: the headline figures, with what the filters may choose from. */
export async function analyticsSummary(actor: StaffActor, q: AnalyticsQuery): Promise<AnalyticsSummary> {
  return run(actor, q, async (db, s) => {
    const figures = await headlineOf(db, s, false);
    if (s.withAverage) figures.banksAffected = null;
    const incidents = await queryRows<{ id: string; reference: string; title: string }>(db, sql`select id::text, reference, title from incidents order by started_at desc, reference`);
    return {
      filters: filtersOf(s),
      figures,
      average: s.withAverage ? averaged(await headlineOf(db, s, true), s) : null,
      options: { banks: (actor.bankId === null ? s.allBanks : s.allBanks.filter((b) => b.id === actor.bankId)).map(ref), incidents },
    };
  });
}

// ---- charts ------------------------------------------------------------------------------------

/** Cumulative confirmed loss per day the cases were opened, with the controls' changes of the banks in view. */
export async function lossOverTimeChart(actor: StaffActor, q: AnalyticsQuery): Promise<z.output<typeof lossOverTime>> {
  return run(actor, q, async (db, s) => {
    const series = (everyBank: boolean) =>
      queryRows<{ day: string; loss: string; cases: string }>(
        db,
        sql`select opened_day::text as day, sum(loss_yen) as loss, sum(cases) as cases from analytics_case_day_rollups
          where outcome = 'confirmed_fraud' and ${where(s, "opened_day", { everyBank })} group by opened_day having sum(cases) <> 0 order by opened_day`,
      );
    const own = await series(false);
    const all = s.withAverage ? await series(true) : [];
    const days = [...new Set([...own.map((r) => r.day), ...all.map((r) => r.day)])].sort();
    const ownBy = new Map(own.map((r) => [r.day, r]));
    const allBy = new Map(all.map((r) => [r.day, n(r.loss)]));
    let cumulative = 0;
    let average = 0;
    const points = days.map((day) => {
      const r = ownBy.get(day);
      cumulative += n(r?.loss);
      average += perBank(allBy.get(day) ?? 0, s);
      return { day, lossYen: n(r?.loss), cases: n(r?.cases), cumulativeYen: cumulative, averageCumulativeYen: s.withAverage ? Math.round(average) : null };
    });
    const bankIds = s.bankIds ?? s.allBanks.map((b) => b.id);
    const byId = new Map(s.allBanks.map((b) => [b.id, b]));
    const changes = await queryRows<{ at: string; bank_id: string; control: string; from_state: string; to_state: string }>(
      db,
      sql`select to_char(changed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as at, bank_id::text, control::text, from_state::text, to_state::text
        from control_changes
        where bank_id = any(${sql.param(bankIds)}::uuid[])
          ${s.from ? sql`and changed_at >= (${s.from}::date::timestamp at time zone 'Asia/Tokyo')` : sql``}
          ${s.to ? sql`and changed_at < ((${s.to}::date + 1)::timestamp at time zone 'Asia/Tokyo')` : sql``}
        order by changed_at, bank_id limit 500`,
    );
    const markers = changes.map((c) => ({ at: c.at, day: jstDay(c.at), bank: ref(byId.get(c.bank_id)!), control: c.control, fromState: c.from_state, toState: c.to_state }));
    return { filters: filtersOf(s), points, markers };
  });
}

/** Loss per bank, stacked compensated / pending / outstanding, largest first (a bank's staff: theirs and the average). */
export async function lossByBankChart(actor: StaffActor, q: AnalyticsQuery): Promise<z.output<typeof lossByBank>> {
  return run(actor, q, async (db, s) => {
    const rows = await queryRows<Record<string, string>>(
      db,
      sql`select bank_id::text as bank_id, sum(loss_yen) as loss, sum(reimbursed_yen) as compensated,
          coalesce(sum(loss_yen - reimbursed_yen) filter (where compensation = 'pending'), 0) as pending,
          coalesce(sum(loss_yen - reimbursed_yen) filter (where compensation <> 'pending'), 0) as outstanding, sum(cases) as cases
        from analytics_case_day_rollups where outcome = 'confirmed_fraud' and ${where(s, "opened_day", { everyBank: s.withAverage })}
        group by 1 having sum(cases) <> 0`,
    );
    const byId = new Map(s.allBanks.map((b) => [b.id, b]));
    const line = (r: Record<string, string>, k = 1) => ({ lossYen: n(r.loss) / k, compensatedYen: n(r.compensated) / k, pendingYen: n(r.pending) / k, outstandingYen: n(r.outstanding) / k, cases: n(r.cases) / k });
    if (!s.withAverage) {
      return {
        filters: filtersOf(s),
        rows: rows.map((r) => ({ bank: ref(byId.get(r.bank_id!)!), ...line(r) })).sort((a, b) => b.lossYen - a.lossYen || a.bank.code.localeCompare(b.bank.code)),
      };
    }
    const own = rows.find((r) => r.bank_id === actor.bankId);
    const total: Record<string, string> = { loss: "0", compensated: "0", pending: "0", outstanding: "0", cases: "0" };
    for (const r of rows) for (const k of Object.keys(total)) total[k] = String(n(total[k]) + n(r[k]));
    const mine = s.banks[0]!;
    const zero = { loss: "0", compensated: "0", pending: "0", outstanding: "0", cases: "0" };
    return { filters: filtersOf(s), rows: [{ bank: ref(mine), ...line(own ?? zero) }, { bank: null, ...line(total, s.allBanks.length) }] };
  });
}

export const CATEGORIES = ["convenience_store", "home_appliances", "online", "other"] as const;

/** Fraudulent spending (payments marked fraudulent on confirmed-fraud cases) per merchant category. */
export async function spendingByCategoryChart(actor: StaffActor, q: AnalyticsQuery): Promise<z.output<typeof spendingByCategory>> {
  return run(actor, q, async (db, s) => {
    const read = (everyBank: boolean) =>
      queryRows<{ category: string; yen: string; payments: string }>(
        db,
        sql`select category, sum(yen) as yen, sum(payments) as payments from analytics_spend_rollups where ${where(s, "day", { everyBank })} group by 1`,
      );
    const own = new Map((await read(false)).map((r) => [r.category, r]));
    const all = s.withAverage ? new Map((await read(true)).map((r) => [r.category, n(r.yen)])) : null;
    const rows = CATEGORIES.map((category) => ({
      category,
      yen: n(own.get(category)?.yen),
      payments: n(own.get(category)?.payments),
      averageYen: all ? Math.round(perBank(all.get(category) ?? 0, s)) : null,
    }));
    return { filters: filtersOf(s), rows: rows.every((r) => r.yen === 0 && !r.averageYen) ? [] : rows.sort((a, b) => b.yen - a.yen) };
  });
}

/** New links per day by verification method (the PIN-only spike is the fraud's fingerprint). */
export async function linksByVerificationChart(actor: StaffActor, q: AnalyticsQuery): Promise<z.output<typeof linksByVerification>> {
  return run(actor, q, async (db, s) => {
    const read = (everyBank: boolean) =>
      queryRows<{ day: string; verification: string; links: string }>(
        db,
        sql`select day::text as day, verification, sum(links) as links
          from ${everyBankAtOnce(s, { everyBank, traffic: true }) ? sql`analytics_link_day_rollups` : sql`analytics_link_rollups`}
          where ${where(s, "day", { everyBank, traffic: true })} group by day, verification having sum(links) <> 0 order by day`,
      );
    const byDay = new Map<string, { day: string; pin_only: number; otp: number; identity_document: number; averagePinOnly: number | null }>();
    const row = (day: string) => {
      let r = byDay.get(day);
      if (!r) byDay.set(day, (r = { day, pin_only: 0, otp: 0, identity_document: 0, averagePinOnly: s.withAverage ? 0 : null }));
      return r;
    };
    for (const r of await read(false)) {
      const v = r.verification as "pin_only" | "otp" | "identity_document";
      row(r.day)[v] += n(r.links);
    }
    if (s.withAverage) for (const r of await read(true)) if (r.verification === "pin_only") row(r.day).averagePinOnly = Math.round(perBank(n(r.links), s) * 10) / 10;
    return { filters: filtersOf(s), rows: [...byDay.values()].sort((a, b) => (a.day < b.day ? -1 : 1)) };
  });
}

/** Cases opened and closed per week (weeks start on Monday), open cases by age band, SLA kept and breached. */
export async function caseFlowChart(actor: StaffActor, q: AnalyticsQuery): Promise<z.output<typeof caseFlow>> {
  return run(actor, q, async (db, s) => {
    const today = jstDay(new Date());
    // Three reads a side: weeks opened, weeks closed with the SLA kept and broken, open cases by age with their due days (migration 0031's rollups).
    const flow = async (everyBank: boolean) => {
      const opened = await queryRows<{ week: string; n: string }>(
        db,
        sql`select date_trunc('week', opened_day)::date::text as week, sum(cases) as n from analytics_case_day_rollups where ${where(s, "opened_day", { everyBank })} group by 1 having sum(cases) <> 0`,
      );
      const closed = await queryRows<{ week: string; n: string; kept: string; breached: string }>(
        db,
        sql`select date_trunc('week', closed_day)::date::text as week, sum(cases) as n,
            coalesce(sum(cases) filter (where not sla_breached), 0) as kept, coalesce(sum(cases) filter (where sla_breached), 0) as breached
          from analytics_case_closed_rollups where ${where(s, "closed_day", { everyBank })} group by 1`,
      );
      // Open now (whatever the period), by whole Japan days since opened.
      const open = await queryRows<{ age: number; n: string; within: string; overdue: string }>(
        db,
        sql`select (${today}::date - opened_day)::int as age, sum(cases) as n,
            coalesce(sum(cases) filter (where due_day >= ${today}::date), 0) as within, coalesce(sum(cases) filter (where due_day < ${today}::date), 0) as overdue
          from analytics_case_open_rollups where ${where({ ...s, from: null, to: null }, "opened_day", { everyBank })} group by 1`,
      );
      const add = <T>(rows: T[], f: (r: T) => unknown) => rows.reduce((t, r) => t + n(f(r)), 0);
      return {
        opened: new Map(opened.map((r) => [r.week, n(r.n)])),
        closed: new Map(closed.filter((r) => n(r.n) !== 0).map((r) => [r.week, n(r.n)])),
        bands: AGE_BANDS.map((b) => add(open.filter((x) => x.age >= b.from && (b.to === null || x.age <= b.to)), (x) => x.n)),
        sla: { kept: add(closed, (r) => r.kept), breached: add(closed, (r) => r.breached), openWithin: add(open, (r) => r.within), openOverdue: add(open, (r) => r.overdue) },
      };
    };
    const own = await flow(false);
    const all = s.withAverage ? await flow(true) : null;
    const keys = [...new Set([...own.opened.keys(), ...own.closed.keys(), ...(all ? all.opened.keys() : [])])].sort();
    const weekRows = keys.map((week) => ({
      week,
      opened: own.opened.get(week) ?? 0,
      closed: own.closed.get(week) ?? 0,
      averageOpened: all ? Math.round(perBank(all.opened.get(week) ?? 0, s) * 10) / 10 : null,
    }));
    const ownBands = own.bands;
    const allBands = all ? all.bands : null;
    const sla = own.sla;
    const allSla = all ? all.sla : null;
    const avg = (v: number) => Math.round(perBank(v, s) * 10) / 10;
    return {
      filters: filtersOf(s),
      weeks: weekRows,
      ageBands: AGE_BANDS.map((b, i) => ({ band: b.key, open: ownBands[i]!, averageOpen: allBands ? avg(allBands[i]!) : null })),
      sla,
      averageSla: allSla ? { kept: avg(allSla.kept), breached: avg(allSla.breached), openWithin: avg(allSla.openWithin), openOverdue: avg(allSla.openOverdue) } : null,
    };
  });
}

/** The decision API's answers per day by operation and outcome, and per bank for the period. */
export async function decisionsChart(actor: StaffActor, q: AnalyticsQuery): Promise<z.output<typeof decisionsPerDay>> {
  return run(actor, q, async (db, s) => {
    const days = await queryRows<{ day: string; operation: string; outcome: string; n: string }>(
      db,
      sql`select day::text as day, operation, outcome, sum(decisions) as n
        from ${everyBankAtOnce(s, { traffic: true }) ? sql`analytics_decision_day_rollups` : sql`analytics_decision_rollups`}
        where ${where(s, "day", { traffic: true })} group by day, operation, outcome having sum(decisions) <> 0 order by day`,
    );
    const byDay = new Map<string, { day: string; linkAllow: number; linkDeny: number; chargeAllow: number; chargeDeny: number }>();
    for (const r of days) {
      let row = byDay.get(r.day);
      if (!row) byDay.set(r.day, (row = { day: r.day, linkAllow: 0, linkDeny: 0, chargeAllow: 0, chargeDeny: 0 }));
      const key = `${r.operation}${r.outcome === "allow" ? "Allow" : "Deny"}` as "linkAllow" | "linkDeny" | "chargeAllow" | "chargeDeny";
      row[key] += n(r.n);
    }
    // Per bank over the period: its whole calendar months from the monthly rollups, the days at either end from the daily ones.
    const span = wholeMonths(s.incident ? later(s.from, s.incident.from) : s.from, s.incident ? earlier(s.to, s.incident.to) : s.to);
    const bankCond = banksOf(s, { traffic: true, everyBank: s.withAverage });
    const parts: SQL[] = [];
    if (span.months) {
      const m: SQL[] = [];
      if (span.months.from) m.push(sql`month >= ${span.months.from}::date`);
      if (span.months.to) m.push(sql`month <= ${span.months.to}::date`);
      parts.push(sql`select bank_id, outcome, decisions from analytics_decision_month_rollups where ${sql.join([sql`true`, ...m, ...bankCond], sql` and `)}`);
    }
    for (const d of span.days) {
      const c: SQL[] = [];
      if (d.from) c.push(sql`day >= ${d.from}::date`);
      if (d.to) c.push(sql`day <= ${d.to}::date`);
      parts.push(sql`select bank_id, outcome, decisions from analytics_decision_rollups where ${sql.join([sql`true`, ...c, ...bankCond], sql` and `)}`);
    }
    const banks = await queryRows<{ bank_id: string; allow: string; deny: string }>(
      db,
      sql`select bank_id::text, coalesce(sum(decisions) filter (where outcome = 'allow'), 0) as allow, coalesce(sum(decisions) filter (where outcome = 'deny'), 0) as deny
        from (${sql.join(parts, sql` union all `)}) d group by bank_id`,
    );
    const byId = new Map(s.allBanks.map((b) => [b.id, b]));
    let byBank: z.output<typeof decisionsPerDay>["byBank"];
    if (s.withAverage) {
      const own = banks.find((b) => b.bank_id === actor.bankId);
      const total = banks.reduce((t, b) => ({ allow: t.allow + n(b.allow), deny: t.deny + n(b.deny) }), { allow: 0, deny: 0 });
      byBank = [
        { bank: ref(s.banks[0]!), allow: n(own?.allow), deny: n(own?.deny) },
        { bank: null, allow: Math.round(perBank(total.allow, s)), deny: Math.round(perBank(total.deny, s)) },
      ];
    } else {
      byBank = banks
        .map((b) => ({ bank: ref(byId.get(b.bank_id)!), allow: n(b.allow), deny: n(b.deny) }))
        .filter((b) => b.allow + b.deny > 0)
        .sort((a, b) => b.deny - a.deny || a.bank.code.localeCompare(b.bank.code));
    }
    return { filters: filtersOf(s), rows: [...byDay.values()], byBank };
  });
}

/** The regulator's table: per bank and quarter of withdrawal (the Japan day of each case's first fraudulent withdrawal), confirmed cases and losses, compensated, refused, under investigation, and the compensation rate. */
export async function regulatorChart(actor: StaffActor, q: AnalyticsQuery): Promise<z.output<typeof regulatorTable>> {
  return run(actor, q, async (db, s) => {
    const read = (everyBank: boolean) =>
      queryRows<Record<string, string>>(
        db,
        sql`select bank_id::text as bank_id, to_char(withdrawn_day, 'YYYY"Q"Q') as quarter, sum(cases) as cases, sum(loss_yen) as loss,
            coalesce(sum(cases) filter (where compensation = 'compensated'), 0) as compensated, coalesce(sum(reimbursed_yen), 0) as compensated_yen,
            coalesce(sum(cases) filter (where compensation = 'refused'), 0) as refused, coalesce(sum(cases) filter (where compensation = 'pending'), 0) as pending
          from analytics_regulator_rollups where ${where(s, "withdrawn_day", { everyBank })} group by 1, 2 having sum(cases) <> 0`,
      );
    const line = (r: { cases: number; loss: number; compensated: number; compensatedYen: number; refused: number; pending: number }) => ({
      cases: r.cases,
      lossYen: r.loss,
      compensatedCases: r.compensated,
      compensatedYen: r.compensatedYen,
      refusedCases: r.refused,
      pendingCases: r.pending,
      compensationRate: r.compensated + r.refused === 0 ? null : r.compensated / (r.compensated + r.refused),
    });
    const parse = (r: Record<string, string>) => ({ cases: n(r.cases), loss: n(r.loss), compensated: n(r.compensated), compensatedYen: n(r.compensated_yen), refused: n(r.refused), pending: n(r.pending) });
    const byId = new Map(s.allBanks.map((b) => [b.id, b]));
    const rows: z.output<typeof regulatorTable>["rows"] = (await read(false)).map((r) => ({ bank: ref(byId.get(r.bank_id!)!), quarter: r.quarter!, ...line(parse(r)) }));
    if (s.withAverage) {
      const quarters = new Map<string, ReturnType<typeof parse>>();
      for (const r of await read(true)) {
        const p = parse(r);
        const t = quarters.get(r.quarter!) ?? { cases: 0, loss: 0, compensated: 0, compensatedYen: 0, refused: 0, pending: 0 };
        for (const k of Object.keys(t) as (keyof typeof t)[]) t[k] += p[k];
        quarters.set(r.quarter!, t);
      }
      for (const [quarter, t] of quarters) {
        const k = s.allBanks.length;
        const avg = { cases: t.cases / k, loss: t.loss / k, compensated: t.compensated / k, compensatedYen: t.compensatedYen / k, refused: t.refused / k, pending: t.pending / k };
        rows.push({ bank: null, quarter, ...line(avg), compensationRate: t.compensated + t.refused === 0 ? null : t.compensated / (t.compensated + t.refused) });
      }
    }
    return { filters: filtersOf(s), rows: rows.sort((a, b) => (a.quarter === b.quarter ? (a.bank ? (b.bank ? a.bank.code.localeCompare(b.bank.code) : -1) : 1) : a.quarter < b.quarter ? -1 : 1)) };
  });
}
