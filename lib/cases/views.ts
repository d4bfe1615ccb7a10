import "server-only";
import { and, asc, count, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { savedViews } from "@/db/schema";
import type { StaffActor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/policy";
import { writeAudit } from "@/lib/audit/write";
import { Conflict, Invalid, NotFound, fieldError, issueProblem } from "@/lib/errors";
import { isUuid } from "@/lib/http/cursor";
import { BUILT_IN_VIEWS, VIEWS_PER_PERSON } from "./constants";
import { CASES_ERRORS, queueFiltersOf, type SavedView, type SavedViewInput, type SavedViewList } from "./schemas";

/**
 * A person's saved queue views: a name and the queue's filters as a query string, one row each in
 * saved_views, so they follow the person to another browser and survive signing out (saving and
 * deleting one is audited in the same transaction, like every change). The built-in
 * "my cases" and "unassigned" are constants (BUILT_IN_VIEWS), listed first, never rows.
 */

/**
 * The queue's filters of a query string, in the queue's own key order, without a page cursor or
 * anything the queue does not know; Invalid (on `query`) when a filter is not one the queue takes.
 */
export function canonicalViewQuery(raw: string): string {
  const { picked, parsed } = queueFiltersOf(raw);
  if (!parsed.success) throw new Invalid("The view's filters are not valid.", { query: issueProblem(parsed.error.issues[0]!) });
  return new URLSearchParams(picked).toString();
}

function builtIns(): SavedView[] {
  return BUILT_IN_VIEWS.map((v) => ({ id: v.id, name: null, query: v.query, builtIn: true, createdAt: null }));
}

/** GET /api/v1/cases/views: the built-in views, then the person's own by name. */
export async function listViews(actor: StaffActor): Promise<SavedViewList> {
  assertCan(actor, "cases.read");
  const db = await getDb();
  const rows = await db
    .select()
    .from(savedViews)
    .where(eq(savedViews.userId, actor.userId))
    .orderBy(asc(savedViews.name), asc(savedViews.id));
  return {
    items: [...builtIns(), ...rows.map((r) => ({ id: r.id, name: r.name, query: r.query, builtIn: false, createdAt: r.createdAt.toISOString() }))],
  };
}

/** POST /api/v1/cases/views: saves the filters under a name of the person's (409 when they already use the name). */
export async function saveView(actor: StaffActor, input: { name: string; query: string }): Promise<SavedView> {
  assertCan(actor, "cases.read");
  const query = canonicalViewQuery(input.query);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [n] = await tx.select({ n: count() }).from(savedViews).where(eq(savedViews.userId, actor.userId));
    if ((n?.n ?? 0) >= VIEWS_PER_PERSON) throw new Invalid(`At most ${VIEWS_PER_PERSON} saved views per person.`, { name: fieldError(CASES_ERRORS.tooManyViews, { maximum: VIEWS_PER_PERSON }) });
    const [row] = await tx
      .insert(savedViews)
      .values({ userId: actor.userId, name: input.name, query })
      .onConflictDoNothing({ target: [savedViews.userId, savedViews.name] })
      .returning();
    if (!row) throw new Conflict("You already have a view of that name.", { name: fieldError(CASES_ERRORS.viewNameTaken) });
    await writeAudit(tx, actor, { action: "case.view_saved", entityType: "saved_view", entityId: row.id, after: { name: row.name, query: row.query } });
    return { id: row.id, name: row.name, query: row.query, builtIn: false, createdAt: row.createdAt.toISOString() };
  });
}

/** DELETE /api/v1/cases/views/{viewId}: the person's own view only (anyone else's is not found). */
export async function deleteView(actor: StaffActor, viewId: string): Promise<void> {
  assertCan(actor, "cases.read");
  if (!isUuid(viewId)) throw new NotFound("saved view");
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [gone] = await tx
      .delete(savedViews)
      .where(and(eq(savedViews.id, viewId.toLowerCase()), eq(savedViews.userId, actor.userId)))
      .returning();
    if (!gone) throw new NotFound("saved view");
    await writeAudit(tx, actor, { action: "case.view_deleted", entityType: "saved_view", entityId: gone.id, before: { name: gone.name, query: gone.query } });
  });
}

export type { SavedViewInput };
