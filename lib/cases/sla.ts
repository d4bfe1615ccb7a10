import "server-only";
import type { Queryable } from "@/db";
import { caseSlaPolicies } from "@/db/schema";
import { DEFAULT_SLA_HOURS, type CaseSeverity } from "./constants";

/** Hours from opening to due, per severity, as the carrier configured them (defaults otherwise). */
export async function slaHours(db: Queryable): Promise<Record<CaseSeverity, number>> {
  const rows = await db.select({ severity: caseSlaPolicies.severity, hours: caseSlaPolicies.hours }).from(caseSlaPolicies);
  const out = { ...DEFAULT_SLA_HOURS };
  for (const r of rows) out[r.severity] = r.hours;
  return out;
}

/** When a case of this severity opened at `openedAt` is due. */
export function dueFrom(openedAt: Date, hours: number): Date {
  return new Date(openedAt.getTime() + hours * 3_600_000);
}
