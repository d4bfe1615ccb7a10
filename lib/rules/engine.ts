import "server-only";
import { sql } from "drizzle-orm";
import type { Queryable } from "@/db";
import type { Actor } from "@/lib/auth/actor";
import { queryRows } from "@/lib/accounts/rows";
import { openOrAddToCase } from "@/lib/cases/open";
import { ensureRuleRows, loadRules, type RuleConfig } from "./config";
import type { RuleCode } from "./constants";
import { detect, type RuleMatch, type Scope } from "./detect";

export interface BatchFacts {
  linkIds: string[];
  chargeIds: string[];
  touched: Map<string, { from: Date; to: Date }>;
}

export interface RulesOutcome {
  /** New hits recorded (on and shadow). */
  hits: number;
  /** Cases opened or added to by rules that are on. */
  cases: number;
}

const SUMMARY: Record<RuleCode, (m: RuleMatch) => string> = {
  pin_then_charge: (m) => `PIN-only link charged ¥${Number(m.details.chargeYen).toLocaleString("en")} ${m.details.minutesAfterLink} min after linking`,
  multi_bank_identity: (m) => `Same ${(m.details.via as string[]).join("/")} linked accounts at ${m.details.banks} banks`,
  cash_out: (m) => `¥${Number(m.details.spentYen).toLocaleString("en")} of a ¥${Number(m.details.chargeYen).toLocaleString("en")} charge spent at once`,
  link_burst: (m) => `${m.details.linksInWindow} new links in the window at this bank (usual ${m.details.usualPerWindow})`,
};

/**
 * The detection rules over one ingestion batch, inside its transaction (lib/events/ingest.ts):
 * each rule that is not off runs one set-based query over the batch's links and money movements.
 * Every new match is recorded in rule_hits (one per rule, link and key: the unique index makes a
 * repeated pattern, or a concurrent batch seeing the same one, add nothing). A rule in shadow stops
 * there; a rule that is on opens a case on the link, or adds to its open case (raising its
 * priority), through openOrAddToCase, and the hit names the case. Links are handled in id order,
 * so concurrent batches take their row locks in the same order.
 */
export async function runRules(tx: Queryable, actor: Actor, facts: BatchFacts): Promise<RulesOutcome> {
  if (facts.linkIds.length === 0 && facts.chargeIds.length === 0 && facts.touched.size === 0) return { hits: 0, cases: 0 };
  const rules = (await loadRules(tx)).filter((r) => r.mode !== "off");
  if (rules.length === 0) return { hits: 0, cases: 0 };
  const scope: Scope = {
    kind: "batch",
    linkIds: facts.linkIds,
    chargeIds: facts.chargeIds,
    touched: [...facts.touched].map(([linkId, span]) => ({ linkId, ...span })),
  };
  const found: { rule: RuleConfig; match: RuleMatch }[] = [];
  for (const rule of rules) for (const match of await detect(tx, rule.code, rule.params, scope)) found.push({ rule, match });
  if (found.length === 0) return { hits: 0, cases: 0 };

  const seen = new Set<string>();
  const unique = found.filter(({ match: m }) => {
    const k = `${m.code}|${m.linkId}|${m.key}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
  unique.sort((a, b) => (a.match.linkId < b.match.linkId ? -1 : a.match.linkId > b.match.linkId ? 1 : a.match.code < b.match.code ? -1 : a.match.code > b.match.code ? 1 : 0));
  await ensureRuleRows(tx, [...new Set(unique.filter((f) => !f.rule.stored).map((f) => f.rule.code))]);

  const rows = unique.map(({ rule, match: m }) => ({
    rule_code: m.code,
    mode: rule.mode,
    linked_account_id: m.linkId,
    bank_id: m.bankId,
    match_key: m.key,
    details: { ...m.details, matchedAt: m.at.toISOString(), params: rule.params },
  }));
  const inserted = await queryRows<{ id: string; rule_code: RuleCode; linked_account_id: string; match_key: string }>(
    tx,
    sql`insert into rule_hits (rule_code, mode, linked_account_id, bank_id, match_key, details)
      select rule_code, mode::rule_mode, linked_account_id, bank_id, match_key, details
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(rule_code text, mode text, linked_account_id uuid, bank_id uuid, match_key text, details jsonb)
      on conflict (rule_code, linked_account_id, match_key) do nothing
      returning id::text, rule_code, linked_account_id::text, match_key`,
  );
  if (inserted.length === 0) return { hits: 0, cases: 0 };

  const byKey = new Map(unique.map((f) => [`${f.match.code}|${f.match.linkId}|${f.match.key}`, f]));
  const opened: { id: string; caseId: string }[] = [];
  // The insert answers in no set order: back to link order for the case locks.
  const live = inserted
    .map((h) => ({ hit: h, found: byKey.get(`${h.rule_code}|${h.linked_account_id}|${h.match_key}`)! }))
    .filter((x) => x.found.rule.mode === "on")
    .sort((a, b) => (a.hit.linked_account_id < b.hit.linked_account_id ? -1 : a.hit.linked_account_id > b.hit.linked_account_id ? 1 : a.hit.rule_code < b.hit.rule_code ? -1 : 1));
  for (const { hit, found: f } of live) {
    const result = await openOrAddToCase(tx, actor, {
      link: { id: f.match.linkId, bankId: f.match.bankId },
      source: f.match.code,
      severity: f.rule.params.severity,
      note: SUMMARY[f.match.code](f.match),
      details: { ...f.match.details, matchedAt: f.match.at.toISOString() },
    });
    opened.push({ id: hit.id, caseId: result.id });
  }
  if (opened.length) {
    await tx.execute(sql`
      update rule_hits h set case_id = x.case_id
      from jsonb_to_recordset(${JSON.stringify(opened.map((o) => ({ id: o.id, case_id: o.caseId })))}::jsonb) as x(id uuid, case_id uuid)
      where h.id = x.id`);
  }
  return { hits: inserted.length, cases: opened.length };
}
