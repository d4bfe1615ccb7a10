import "server-only";
import { and, eq, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db";
import { cases } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { bankScope } from "@/lib/auth/scope";
import { NotFound } from "@/lib/errors";

export type CaseRow = typeof cases.$inferSelect;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A case by id or reference ("C-2020-0042"), as the path gives it. */
export function caseKey(idOrReference: string): SQL {
  return UUID.test(idOrReference) ? eq(cases.id, idOrReference.toLowerCase()) : eq(cases.reference, idOrReference.toUpperCase());
}

/**
 * The case if the actor may see it: a bank's staff only their bank's, the carrier every bank's.
 * Another bank's case is "not found", exactly like one that does not exist. `lock` takes the row
 * for update (a write reads, checks and changes it in one transaction).
 */
export async function findCase(db: Queryable, actor: Actor, idOrReference: string, options: { lock?: boolean } = {}): Promise<CaseRow> {
  const q = db
    .select()
    .from(cases)
    .where(and(caseKey(idOrReference), bankScope(actor, cases.bankId)))
    .limit(1);
  const rows = options.lock ? await q.for("update") : await q;
  const row = rows[0];
  if (!row) throw new NotFound("case");
  return row;
}
