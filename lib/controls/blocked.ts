import "server-only";
import { and, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { Queryable } from "@/db";
import { bankControls, decisionCounters } from "@/db/schema";
import type { Control } from "./schemas";

export type BlockedCounts = Record<Control, number>;

/** The columns of a sum of deny counters grouped by bank and operation. */
const DENIED_PER_BANK_AND_OPERATION = {
  bankId: decisionCounters.bankId,
  operation: decisionCounters.operation,
  blocked: sql<number>`sum(${decisionCounters.count})`.mapWith(Number),
};

/** Sums per bank and operation, as counts per bank and control (link → registrations, charge → charges). */
function countsByBank(rows: { bankId: string; operation: "link" | "charge"; blocked: number }[]): Map<string, BlockedCounts> {
  const out = new Map<string, BlockedCounts>();
  for (const r of rows) {
    const entry = out.get(r.bankId) ?? { registrations: 0, charges: 0 };
    entry[r.operation === "link" ? "registrations" : "charges"] += r.blocked;
    out.set(r.bankId, entry);
  }
  return out;
}

/**
 * Denied decisions per bank and control since that control's last change: the sum of the deny
 * counters of its operation (registrations: link, charges: charge) from the minute of the change
 * on. Counters are one-minute buckets, so the minute of the change counts whole.
 */
export async function blockedSinceLastChange(db: Queryable, bankIds: string[]): Promise<Map<string, BlockedCounts>> {
  if (bankIds.length === 0) return new Map();
  const rows = await db
    .select(DENIED_PER_BANK_AND_OPERATION)
    .from(decisionCounters)
    .innerJoin(
      bankControls,
      and(
        eq(bankControls.bankId, decisionCounters.bankId),
        sql`${bankControls.control} = (case ${decisionCounters.operation} when 'link' then 'registrations' else 'charges' end)::control_kind`,
      ),
    )
    .where(
      and(
        inArray(decisionCounters.bankId, bankIds),
        eq(decisionCounters.outcome, "deny"),
        sql`${decisionCounters.bucketStart} >= date_trunc('minute', ${bankControls.changedAt})`,
      ),
    )
    .groupBy(decisionCounters.bankId, decisionCounters.operation);
  return countsByBank(rows);
}

/**
 * Denied decisions per bank and control in a window (the home's "last 24 hours"): the deny
 * counters of the buckets that start at or after `from`, so the window is whole minutes.
 */
export async function blockedBetween(db: Queryable, bankIds: string[], from: Date, to: Date): Promise<Map<string, BlockedCounts>> {
  if (bankIds.length === 0) return new Map();
  const rows = await db
    .select(DENIED_PER_BANK_AND_OPERATION)
    .from(decisionCounters)
    .where(
      and(
        inArray(decisionCounters.bankId, bankIds),
        eq(decisionCounters.outcome, "deny"),
        gte(decisionCounters.bucketStart, from),
        lt(decisionCounters.bucketStart, to),
      ),
    )
    .groupBy(decisionCounters.bankId, decisionCounters.operation);
  return countsByBank(rows);
}
