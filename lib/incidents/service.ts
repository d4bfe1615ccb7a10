import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { getDb, type Queryable } from "@/db";
import { queryRows } from "@/lib/accounts/rows";
import type { StaffActor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/policy";
import { NotFound } from "@/lib/errors";
import { isUuid } from "@/lib/http/cursor";
import { canManageIncidents } from "./write";
import { bankOrder, INCIDENT_LIST_MAX, type CaseFigures, type IncidentBank, type IncidentDetail, type IncidentList, type TimelineEntry } from "./schemas";

/**
 * Incidents and their figures, in the actor's scope. Every figure is counted over the incident's
 * cases the actor may see (a bank's staff: their bank's), so a bank's staff never learn another
 * bank's name or numbers, nor how many banks were hit. Aggregates in raw SQL (one statement per
 * part, a few hundred cases per incident): the query builder cannot say "filter (where …)".
 */

type Row = Record<string, string | number | null>;

type IncidentRow = {
  id: string;
  reference: string;
  title: string;
  description: string;
  status: "open" | "contained" | "closed";
  started_at: string | Date;
};

function iso(v: string | Date | number | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  return (v instanceof Date ? v : new Date(v)).toISOString();
}

/** The cases of the incidents named in scope (alias `c`), as the FROM of each aggregate. */
function scopedCases(actor: StaffActor, incidentIds: SQL): SQL {
  const bank = actor.bankId === null ? sql`` : sql` and c.bank_id = ${actor.bankId}`;
  return sql`cases c where c.incident_id in (${incidentIds})${bank}`;
}

/** Per incident (and per bank when `byBank`): counts, losses, reimbursed, outstanding, first and last fraud. */
async function figuresOf(db: Queryable, actor: StaffActor, incidentIds: SQL, byBank: boolean): Promise<Row[]> {
  const group = byBank ? sql`c.incident_id, c.bank_id` : sql`c.incident_id`;
  return queryRows<Row>(db, sql`
    with scoped as (select c.* from ${scopedCases(actor, incidentIds)}),
    fraud as (
      select ct.case_id, min(t.occurred_at) as first_at, max(t.occurred_at) as last_at
      from case_transactions ct join transactions t on t.id = ct.transaction_id
      where ct.fraudulent and ct.case_id in (select id from scoped)
      group by ct.case_id
    )
    select c.incident_id, ${byBank ? sql`c.bank_id, o.bank_code, o.name_ja, o.name_en,` : sql``}
      count(*)::int as cases,
      count(*) filter (where c.outcome = 'confirmed_fraud')::int as confirmed_cases,
      count(*) filter (where c.status <> 'closed')::int as open_cases,
      coalesce(sum(c.loss_yen), 0)::bigint::text as loss_yen,
      coalesce(sum(c.confirmed_loss_yen), 0)::bigint::text as confirmed_loss_yen,
      coalesce(sum(c.reimbursed_yen), 0)::bigint::text as reimbursed_yen,
      coalesce(sum(greatest(c.confirmed_loss_yen - c.reimbursed_yen, 0)), 0)::bigint::text as outstanding_yen,
      count(distinct c.bank_id)::int as banks,
      min(f.first_at) as first_fraud_at,
      max(f.last_at) as last_fraud_at
    from scoped c left join fraud f on f.case_id = c.id
      ${byBank ? sql`join organisations o on o.id = c.bank_id` : sql``}
    group by ${group}${byBank ? sql`, o.bank_code, o.name_ja, o.name_en` : sql``}`);
}

function toFigures(r: Row | undefined): CaseFigures {
  return {
    cases: Number(r?.cases ?? 0),
    confirmedCases: Number(r?.confirmed_cases ?? 0),
    openCases: Number(r?.open_cases ?? 0),
    lossYen: Number(r?.loss_yen ?? 0),
    confirmedLossYen: Number(r?.confirmed_loss_yen ?? 0),
    reimbursedYen: Number(r?.reimbursed_yen ?? 0),
    outstandingYen: Number(r?.outstanding_yen ?? 0),
    firstFraudAt: iso(r?.first_fraud_at as string | null),
    lastFraudAt: iso(r?.last_fraud_at as string | null),
  };
}

function scopeOf(actor: StaffActor) {
  return { kind: actor.bankId === null ? ("all" as const) : ("bank" as const), bankCode: actor.bankCode };
}

/** Every incident, newest first, with its figures in scope. */
export async function listIncidents(actor: StaffActor): Promise<IncidentList> {
  assertCan(actor, "cases.read");
  const db = await getDb();
  const incidents = await queryRows<IncidentRow>(
    db,
    sql`select id, reference, title, description, status, started_at from incidents order by started_at desc, id desc limit ${INCIDENT_LIST_MAX}`,
  );
  const figures = incidents.length ? await figuresOf(db, actor, sql`select id from incidents`, false) : [];
  const byId = new Map(figures.map((f) => [String(f.incident_id), f]));
  return {
    scope: scopeOf(actor),
    canManage: canManageIncidents(actor),
    items: incidents.map((i) => {
      const f = byId.get(i.id);
      return {
        id: i.id,
        reference: i.reference,
        title: i.title,
        status: i.status,
        startedAt: iso(i.started_at)!,
        figures: toFigures(f),
        banksHit: actor.bankId === null ? Number(f?.banks ?? 0) : null,
      };
    }),
  };
}

async function findIncident(db: Queryable, idOrReference: string): Promise<IncidentRow> {
  const key = isUuid(idOrReference) ? sql`id = ${idOrReference.toLowerCase()}::uuid` : sql`reference = ${idOrReference.toUpperCase()}`;
  const [row] = await queryRows<IncidentRow>(db, sql`select id, reference, title, description, status, started_at from incidents where ${key} limit 1`);
  if (!row) throw new NotFound("incident");
  return row;
}

/** The incident's cases the actor may see (alias `c`). */
function inScope(actor: StaffActor, incidentId: string): SQL {
  return actor.bankId === null ? sql`c.incident_id = ${incidentId}` : sql`c.incident_id = ${incidentId} and c.bank_id = ${actor.bankId}`;
}

/** One incident by id or reference: its figures, its banks, its timeline and its reimbursements, in scope. */
export async function getIncident(actor: StaffActor, idOrReference: string): Promise<IncidentDetail> {
  assertCan(actor, "cases.read");
  const db = await getDb();
  const incident = await findIncident(db, idOrReference);
  const ids = sql`select ${incident.id}::uuid`;
  const scope = inScope(actor, incident.id);
  const [totals, perBank, firstFraud, changes, confirmations, reimbursements] = await Promise.all([
    figuresOf(db, actor, ids, false),
    figuresOf(db, actor, ids, true),
    // The earliest transaction marked fraudulent on the cases in scope, with its case and bank.
    queryRows<Row>(db, sql`
      select t.occurred_at as at, c.reference, o.bank_code, o.name_ja, o.name_en
      from cases c
        join case_transactions ct on ct.case_id = c.id and ct.fraudulent
        join transactions t on t.id = ct.transaction_id
        join organisations o on o.id = c.bank_id
      where ${scope}
      order by t.occurred_at, t.id limit 1`),
    // Every control change at the banks with cases in scope.
    queryRows<Row>(db, sql`
      select cc.changed_at as at, cc.control, cc.from_state, cc.to_state, o.bank_code, o.name_ja, o.name_en
      from control_changes cc join organisations o on o.id = cc.bank_id
      where cc.bank_id in (select c.bank_id from cases c where ${scope})
      order by cc.changed_at, o.bank_code, cc.control`),
    // Each case's confirmation: the latest outcome_set to confirmed_fraud of a case closed so.
    queryRows<Row>(db, sql`
      select distinct on (c.id) e.at, c.reference, c.confirmed_loss_yen::text as confirmed_loss_yen, o.bank_code, o.name_ja, o.name_en
      from cases c
        join case_events e on e.case_id = c.id and e.kind = 'outcome_set' and e.body->>'to' = 'confirmed_fraud'
        join organisations o on o.id = c.bank_id
      where ${scope} and c.outcome = 'confirmed_fraud'
      order by c.id, e.at desc`),
    queryRows<Row>(db, sql`
      select r.status, count(*)::int as n, coalesce(sum(r.amount_yen), 0)::bigint::text as yen
      from reimbursements r join cases c on c.id = r.case_id
      where ${scope}
      group by r.status`),
  ]);

  const bank = (r: Row) => ({ bankCode: String(r.bank_code), nameJa: String(r.name_ja), nameEn: String(r.name_en) });
  const unordered: IncidentBank[] = perBank.map((r) => ({ ...bank(r), ...toFigures(r) }));
  const byBank = bankOrder(unordered);
  const banks = unordered.sort((a, b) => byBank(a.bankCode, b.bankCode));
  const timeline: TimelineEntry[] = [
    ...firstFraud.map((r) => ({ kind: "first_fraud" as const, at: iso(r.at)!, ...bank(r), caseReference: String(r.reference) })),
    ...changes.map((r) => ({
      kind: "control_change" as const,
      at: iso(r.at)!,
      ...bank(r),
      control: r.control as TimelineControl,
      fromState: r.from_state as TimelineState,
      toState: r.to_state as TimelineState,
    })),
    ...confirmations.map((r) => ({ kind: "case_confirmed" as const, at: iso(r.at)!, ...bank(r), caseReference: String(r.reference), confirmedLossYen: Number(r.confirmed_loss_yen) })),
  ].sort((a, b) => a.at.localeCompare(b.at) || TIMELINE_ORDER[a.kind] - TIMELINE_ORDER[b.kind] || byBank(a.bankCode, b.bankCode));
  // Proposed: waiting for approval (pending); approved: approved and not paid yet (approved, or sent in a payout batch).
  const progress = (...statuses: string[]) => {
    const rs = reimbursements.filter((x) => statuses.includes(String(x.status)));
    return { count: rs.reduce((s, r) => s + Number(r.n), 0), yen: rs.reduce((s, r) => s + Number(r.yen), 0) };
  };
  const figures = toFigures(totals[0]);
  return {
    id: incident.id,
    reference: incident.reference,
    title: incident.title,
    description: incident.description,
    status: incident.status,
    startedAt: iso(incident.started_at)!,
    scope: scopeOf(actor),
    canManage: canManageIncidents(actor),
    figures,
    banksHit: actor.bankId === null ? banks.length : null,
    banks,
    timeline,
    reimbursements: { proposed: progress("pending"), approved: progress("approved", "sent"), paid: progress("paid"), rejected: progress("rejected") },
  };
}

type TimelineControl = Extract<TimelineEntry, { kind: "control_change" }>["control"];
type TimelineState = Extract<TimelineEntry, { kind: "control_change" }>["toState"];
const TIMELINE_ORDER: Record<TimelineEntry["kind"], number> = { first_fraud: 0, control_change: 1, case_confirmed: 2 };
