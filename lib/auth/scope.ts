import { eq, sql, type SQL, type AnyColumn } from "drizzle-orm";
import type { Actor } from "./actor";

/**
 * A bank's staff see their own bank's rows and nothing else; the carrier sees every bank.
 * Returns the condition to AND into a query on `bankColumn` (undefined: no restriction).
 */
export function bankScope(actor: Actor, bankColumn: AnyColumn): SQL | undefined {
  if (actor.bankId === null) return undefined;
  return eq(bankColumn, actor.bankId);
}

/** True when the actor may see rows of `bankId`. */
export function seesBank(actor: Actor, bankId: string | null): boolean {
  return actor.bankId === null || actor.bankId === bankId;
}

/** For queries where a row is in scope if its bank OR its organisation matches (audit entries). */
export function orgScope(actor: Actor, orgColumn: AnyColumn, bankColumn: AnyColumn): SQL | undefined {
  if (actor.bankId === null) return undefined;
  return sql`(${orgColumn} = ${actor.orgId} or ${bankColumn} = ${actor.bankId})`;
}
