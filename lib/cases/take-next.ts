import "server-only";
import { and, asc, isNull, lte, ne, or, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { cases } from "@/db/schema";
import type { StaffActor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/policy";
import { bankScope } from "@/lib/auth/scope";
import { AppError } from "@/lib/errors";
import { bankCodeOf } from "./banks";
import type { TakeNextResult } from "./schemas";
import { changeCase } from "./write";

/** Nothing left to take: no open, unassigned, unsnoozed case in the caller's scope. */
export class NoCaseAvailable extends AppError {
  constructor() {
    super(404, "no_case_available", "No open, unassigned case is waiting in your scope.");
  }
}

/**
 * POST /api/v1/cases/take-next: the most urgent open case nobody has, in the investigator's scope
 * (severity first, then the earliest due date, then the highest priority), assigned to them.
 * Atomic: the row is chosen and locked in one statement (`for update skip locked`), so a second
 * investigator pressing at the same moment skips it and gets the next one; the assignment goes
 * through changeCase (an `assigned` timeline entry and a `case.assigned` audit entry, same
 * transaction). A snoozed case is not offered until its date.
 */
export async function takeNextCase(actor: StaffActor, now: Date = new Date()): Promise<TakeNextResult> {
  assertCan(actor, "cases.work");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(cases)
      .where(and(ne(cases.status, "closed"), isNull(cases.assigneeId), or(isNull(cases.snoozedUntil), lte(cases.snoozedUntil, now)), bankScope(actor, cases.bankId)))
      // Spelled as cases_take_next_idx holds it (… DESC NULLS LAST): the columns are NOT NULL.
      .orderBy(sql`${cases.severity} desc nulls last`, asc(cases.dueAt), sql`${cases.priority} desc nulls last`, asc(cases.id))
      .limit(1)
      .for("update", { skipLocked: true });
    if (!row) throw new NoCaseAvailable();
    const updated = await changeCase(
      tx,
      actor,
      row,
      undefined,
      {
        patch: { assigneeId: actor.userId },
        events: [{ kind: "assigned", body: { from: null, to: actor.userId, via: "take_next" } }],
        audit: { action: "case.assigned", before: { assigneeId: null }, after: { assigneeId: actor.userId, via: "take_next" } },
      },
      now,
    );
    return {
      id: updated.id,
      reference: updated.reference,
      bankCode: await bankCodeOf(tx, updated.bankId),
      status: updated.status,
      severity: updated.severity,
      dueAt: updated.dueAt.toISOString(),
      assigneeId: actor.userId,
      version: updated.version,
    };
  });
}
