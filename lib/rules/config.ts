import "server-only";
import type { Queryable } from "@/db";
import { detectionRules } from "@/db/schema";
import { DEFAULT_RULE_MODE, DEFAULT_RULE_PARAMS, RULE_CODES, type RuleCode, type RuleMode, type RuleParamsByCode } from "./constants";
import { readParams } from "./schemas";

export interface RuleConfig<C extends RuleCode = RuleCode> {
  code: C;
  mode: RuleMode;
  params: RuleParamsByCode[C];
  version: number;
  /** False when the table has no row for it yet: it runs on the code's defaults. */
  stored: boolean;
  updatedAt: Date | null;
  updatedBy: string | null;
}

/**
 * Every rule's mode and parameters: the table's row (seeded by migration 0021), or the code's
 * defaults (shadow mode) when there is none, so an empty table still works. Stored parameters are
 * read against the rule's schema, missing fields taking their defaults.
 */
export async function loadRules(db: Queryable): Promise<RuleConfig[]> {
  const rows = await db.select().from(detectionRules);
  const byCode = new Map(rows.map((r) => [r.code, r]));
  return RULE_CODES.map((code) => {
    const row = byCode.get(code);
    return {
      code,
      mode: row?.mode ?? DEFAULT_RULE_MODE,
      params: row ? readParams(code, row.params) : DEFAULT_RULE_PARAMS[code],
      version: row?.version ?? 1,
      stored: !!row,
      updatedAt: row?.updatedAt ?? null,
      updatedBy: row?.updatedBy ?? null,
    } as RuleConfig;
  });
}

/** Writes the default rows of rules that have none (hits reference the rule's row). */
export async function ensureRuleRows(db: Queryable, codes: readonly RuleCode[]): Promise<void> {
  if (codes.length === 0) return;
  await db
    .insert(detectionRules)
    .values(codes.map((code) => ({ code, mode: DEFAULT_RULE_MODE, params: DEFAULT_RULE_PARAMS[code] })))
    .onConflictDoNothing({ target: detectionRules.code });
}

