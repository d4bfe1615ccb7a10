import "server-only";
import { sql } from "drizzle-orm";
import { getDb, type Queryable } from "@/db";
import { queryRows } from "@/lib/accounts/rows";
import type { StaffActor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/policy";
import { Invalid, issueProblem } from "@/lib/errors";
import { BULK_CAP } from "./constants";
import { matchingCases } from "./list";
import { queueFiltersOf, type BulkItem, type BulkRequest, type BulkResult } from "./schemas";
import { assignCaseIn, attachIncidentIn, changeStatusIn, refusalOf, snoozeCaseIn, type CaseWriteResult } from "./workflow";

/**
 * POST /api/v1/cases/bulk: one action on many cases, each through the single-case operation of
 * lib/cases/workflow.ts in its own transaction (so each is checked, versioned, put on its
 * timeline and audited exactly as when done alone, and one refusal does not undo the others).
 * The cases are named (with the version the person read: a case changed since is `stale`), or
 * selected by the queue's filters: the server lists them again in the caller's scope and queue
 * order, up to BULK_CAP, and says when it stopped there. The answer lists every case, done or why not.
 */

type Op = (tx: Queryable, caseId: string, version: number | undefined) => Promise<CaseWriteResult>;

function operation(actor: StaffActor, req: BulkRequest, now: Date): Op {
  switch (req.action) {
    case "assign":
      return (tx, id, version) => assignCaseIn(tx, actor, id, { assigneeId: req.assigneeId, reason: req.reason ?? null, version }, now);
    case "status":
      return (tx, id, version) => changeStatusIn(tx, actor, id, { status: req.to, outcome: req.outcome ?? null, reason: req.reason ?? null, version }, now);
    case "incident":
      return (tx, id, version) => attachIncidentIn(tx, actor, id, { incidentId: req.incidentId, version }, now);
    case "snooze":
      return (tx, id, version) => snoozeCaseIn(tx, actor, id, { until: req.until, version }, now);
  }
}

/** The queue's filters of a bulk target (the queue URL's query string); Invalid on `target.filter`. */
function filtersOf(raw: string) {
  const { parsed } = queueFiltersOf(raw);
  if (!parsed.success) throw new Invalid("The selection's filters are not valid.", { "target.filter": issueProblem(parsed.error.issues[0]!) });
  return parsed.data;
}

export async function bulkAct(actor: StaffActor, req: BulkRequest, now: Date = new Date()): Promise<BulkResult> {
  assertCan(actor, "cases.work");
  const db = await getDb();
  let targets: { id: string; version?: number }[];
  let capped = false;
  if ("ids" in req.target) {
    const seen = new Set<string>();
    targets = req.target.ids.map((t) => ({ id: t.id.toLowerCase(), version: t.version })).filter((t) => !seen.has(t.id) && seen.add(t.id));
  } else {
    const m = await matchingCases(db, actor, filtersOf(req.target.filter), BULK_CAP, now);
    targets = m.ids.map((id) => ({ id }));
    capped = m.capped;
  }
  // References for the answer, in the caller's scope (another bank's id stays unnamed: not_found).
  const refs = new Map<string, string>();
  if (targets.length) {
    const scope = actor.bankId === null ? sql`` : sql` and bank_id = ${actor.bankId}::uuid`;
    const rows = await queryRows<{ id: string; reference: string }>(
      db,
      sql`select id::text as id, reference from cases where id in (${sql.join(
        targets.map((t) => sql`${t.id}::uuid`),
        sql`, `,
      )})${scope}`,
    );
    for (const r of rows) refs.set(r.id, r.reference);
  }
  const op = operation(actor, req, now);
  const items: BulkItem[] = [];
  for (const t of targets) {
    try {
      const done = await db.transaction((tx) => op(tx, t.id, t.version));
      items.push({ id: t.id, reference: done.reference, ok: true, code: null, version: done.version });
    } catch (e) {
      const refusal = refusalOf(e);
      if (!refusal) throw e;
      const stale = refusal.code === "stale_version";
      items.push({
        id: t.id,
        reference: refs.get(t.id) ?? null,
        ok: false,
        code: stale ? "stale" : refusal.code,
        ...(refusal.params && !stale ? { params: refusal.params } : {}),
        version: stale && typeof refusal.params?.current === "number" ? refusal.params.current : null,
      });
    }
  }
  const done = items.filter((i) => i.ok).length;
  return { action: req.action, selected: targets.length, capped, done, refused: items.length - done, items };
}
