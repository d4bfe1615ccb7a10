import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Queryable } from "@/db";
import { bankControls, decisionCounters } from "@/db/schema";
import type { Control } from "./schemas";

export type BlockedCounts = Record<Control, number>;

/**
 * Denied decisions per bank and control since that control's last change: the sum of the deny
 * counters of its operation (registrations: link, charges: charge) from the minute of the change
 * on. Counters are one-minute buckets, so the minute of the change counts whole.
 */
export async function blockedSinceLastChange(db: Queryable, bankIds: string[]): Promise<Map<string, BlockedCounts>> {
  const out = new Map<string, BlockedCounts>();
  if (bankIds.length === 0) return out;
  const rows = await db
    .select({
      bankId: decisionCounters.bankId,
      operation: decisionCounters.operation,
      blocked: sql<number>`sum(${decisionCounters.count})`.mapWith(Number),
    })
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
  for (const r of rows) {
    const entry = out.get(r.bankId) ?? { registrations: 0, charges: 0 };
    entry[r.operation === "link" ? "registrations" : "charges"] += r.blocked;
    out.set(r.bankId, entry);
  }
  return out;
}
