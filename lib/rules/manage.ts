import "server-only";
import { eq, sql } from "drizzle-orm";
import { getDb, type Queryable } from "@/db";
import { caseSlaPolicies, detectionRules, users } from "@/db/schema";
import type { Actor, StaffActor } from "@/lib/auth/actor";
import { assertCan, can } from "@/lib/auth/policy";
import { queryRows } from "@/lib/accounts/rows";
import { writeAudit } from "@/lib/audit/write";
import { CASE_SEVERITIES, type CaseSeverity } from "@/lib/cases/constants";
import { slaHours } from "@/lib/cases/sla";
import { Forbidden, Invalid, StaleVersion } from "@/lib/errors";
import { zodFieldErrors } from "@/lib/http/problem";
import { ensureRuleRows, loadRules } from "./config";
import { HITS_DAYS, RULE_CODES, type RuleCode, type RuleMode, type RuleParamsByCode } from "./constants";
import { ruleParamsSchemas, type RuleSummary, type SlaChange } from "./schemas";

/** Rules and the SLA are the carrier's: its managers change them (rules.manage), nobody at a bank. */
export function assertCarrierManager(actor: Actor): asserts actor is StaffActor {
  assertCan(actor, "rules.manage");
  if (actor.bankId !== null) throw new Forbidden("Only the carrier's managers change detection rules and the SLA.");
}

function canManage(actor: Actor): boolean {
  return can(actor, "rules.manage") && actor.bankId === null;
}

/**
 * Every rule with its mode, parameters and version, and its hits of the last 7 days (a bank's staff
 * count their bank's only): in total, by mode, how many went to a case, and per Japan-time day.
 */
export async function listRules(actor: Actor): Promise<{ items: RuleSummary[]; canManage: boolean }> {
  assertCan(actor, "rules.read");
  const db = await getDb();
  const rules = await loadRules(db);
  const bank = actor.bankId === null ? sql`true` : sql`h.bank_id = ${actor.bankId}::uuid`;
  const since = sql`now() - ${HITS_DAYS}::int * interval '1 day'`;
  const counts = await queryRows<{ rule_code: string; mode: RuleMode; n: string | number; cases: string | number }>(
    db,
    sql`select h.rule_code, h.mode, count(*) as n, count(h.case_id) as cases from rule_hits h where h.at >= ${since} and ${bank} group by h.rule_code, h.mode`,
  );
  const days = await queryRows<{ rule_code: string; day: string; n: string | number }>(
    db,
    sql`select h.rule_code, to_char(h.at at time zone 'Asia/Tokyo', 'YYYY-MM-DD') as day, count(*) as n
      from rule_hits h where h.at >= ${since} and ${bank} group by 1, 2 order by 2`,
  );
  const names = new Map<string, string>();
  const ids = [...new Set(rules.map((r) => r.updatedBy).filter((v): v is string => !!v))];
  if (ids.length) for (const u of await db.select({ id: users.id, name: users.displayName }).from(users).where(sql`${users.id} = any(${sql.param(ids)}::uuid[])`)) names.set(u.id, u.name);
  const items = rules.map((r): RuleSummary => {
    const mine = counts.filter((c) => c.rule_code === r.code);
    const n = (mode?: RuleMode) => mine.filter((c) => !mode || c.mode === mode).reduce((s, c) => s + Number(c.n), 0);
    return {
      code: r.code,
      mode: r.mode,
      params: r.params,
      version: r.version,
      updatedAt: r.stored ? (r.updatedAt?.toISOString() ?? null) : null,
      updatedBy: r.updatedBy ? (names.get(r.updatedBy) ?? null) : null,
      hits7d: { total: n(), on: n("on"), shadow: n("shadow"), casesOpened: mine.reduce((s, c) => s + Number(c.cases), 0) },
      hitsByDay: days.filter((d) => d.rule_code === r.code).map((d) => ({ day: d.day, count: Number(d.n) })),
    };
  });
  return { items, canManage: canManage(actor) };
}

/** A rule's proposed parameters checked against its own schema; field errors under `params.`. */
export function checkParams<C extends RuleCode>(code: C, raw: unknown): RuleParamsByCode[C] {
  const parsed = ruleParamsSchemas[code].safeParse(raw);
  if (parsed.success) return parsed.data as RuleParamsByCode[C];
  const fields = Object.fromEntries(Object.entries(zodFieldErrors(parsed.error)).map(([k, v]) => [k === "body" ? "params" : `params.${k}`, v]));
  throw new Invalid(`The parameters of ${code} are not valid.`, fields);
}

/**
 * Changes a rule's mode, parameters or both, on the version the person read (a stale one: 409 with
 * the rule as it is now); audited as rule.changed with before and after, in the same transaction.
 * Takes effect on the next ingested batch (each batch reads the rules).
 */
export async function changeRule(actor: Actor, code: RuleCode, change: { version: number; mode?: RuleMode; params?: Record<string, unknown> }) {
  assertCarrierManager(actor);
  if (!RULE_CODES.includes(code)) throw new Invalid("Unknown rule.", { code: { code: "invalid_value" } });
  const params = change.params === undefined ? undefined : checkParams(code, change.params);
  const db = await getDb();
  return db.transaction(async (tx) => {
    await ensureRuleRows(tx, [code]);
    const [row] = await tx.select().from(detectionRules).where(eq(detectionRules.code, code)).for("update");
    const current = (await loadRules(tx)).find((r) => r.code === code)!;
    if (row!.version !== change.version) {
      throw new StaleVersion("rule", change.version, row!.version, { current: { version: row!.version, mode: current.mode, params: current.params }, changes: [] });
    }
    const before = { mode: current.mode, params: current.params };
    const after = { mode: change.mode ?? current.mode, params: params ?? current.params };
    const [updated] = await tx
      .update(detectionRules)
      .set({ mode: after.mode, params: after.params, version: sql`${detectionRules.version} + 1`, updatedBy: actor.userId, updatedAt: sql`now()` })
      .where(eq(detectionRules.code, code))
      .returning();
    await writeAudit(tx, actor, { action: "rule.changed", entityType: "detection_rule", entityId: code, before, after: { ...after, version: updated!.version } });
    return { code, mode: after.mode, params: after.params, version: updated!.version, updatedAt: updated!.updatedAt.toISOString() };
  });
}

async function slaUpdatedAt(db: Queryable): Promise<string | null> {
  const [r] = await queryRows<{ at: Date | string | null }>(db, sql`select max(updated_at) as at from case_sla_policies`);
  return r?.at ? new Date(r.at).toISOString() : null;
}

/** The SLA's hours per severity (a case's due date is its opening plus these). */
export async function getSla(actor: Actor) {
  assertCan(actor, "cases.read");
  const db = await getDb();
  return { hours: await slaHours(db), updatedAt: await slaUpdatedAt(db), canManage: canManage(actor) };
}

/**
 * Sets the SLA's hours per severity, audited as sla.changed with before and after. Applies to cases
 * opened (or raised in severity) from now on: open cases keep the due dates they have.
 */
export async function putSla(actor: Actor, change: SlaChange) {
  assertCarrierManager(actor);
  const db = await getDb();
  return db.transaction(async (tx) => {
    await tx.execute(sql`select 1 from case_sla_policies for update`);
    const before = await slaHours(tx);
    const rows = CASE_SEVERITIES.map((severity: CaseSeverity) => ({ severity, hours: change.hours[severity], updatedBy: actor.userId, updatedAt: new Date() }));
    await tx
      .insert(caseSlaPolicies)
      .values(rows)
      .onConflictDoUpdate({ target: caseSlaPolicies.severity, set: { hours: sql`excluded.hours`, updatedBy: sql`excluded.updated_by`, updatedAt: sql`excluded.updated_at` } });
    await writeAudit(tx, actor, { action: "sla.changed", entityType: "case_sla_policy", entityId: "sla", before: { hours: before }, after: { hours: change.hours } });
    return { hours: change.hours, updatedAt: await slaUpdatedAt(tx), canManage: true };
  });
}
