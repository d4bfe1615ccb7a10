import "server-only";
import { and, eq, ne, sql } from "drizzle-orm";
import type { Queryable } from "@/db";
import { caseEvents, cases } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { queryRows } from "@/lib/accounts/rows";
import { writeAudit } from "@/lib/audit/write";
import { jstDay } from "@/lib/jst";
import { higherSeverity, type CaseSeverity } from "./constants";
import { dueFrom, slaHours } from "./sla";
import { changeCase } from "./write";

// Any fixed number: case references of one year are numbered one at a time across processes.
const CASE_NUMBER_LOCK = 7_413_031;

export interface CaseReport {
  /** The link the case is about, already resolved in the actor's scope. */
  link: { id: string; bankId: string };
  /** "manual", "accounts", or the detection rule's code. */
  source: string;
  severity: CaseSeverity;
  /** A person's words, or a rule's summary. */
  note?: string;
  /** What a rule saw (its parameters and the events that matched). */
  details?: Record<string, unknown>;
  incidentId?: string | null;
  assigneeId?: string | null;
  at?: Date;
}

export interface ReportResult {
  id: string;
  reference: string;
  /** False when the link already had an open case, which the report was added to. */
  created: boolean;
  status: (typeof cases.$inferSelect)["status"];
  bankId: string;
  openedAt: Date;
}

/** The next reference of the Japan year: C-2026-0001, C-2026-0002… (4 digits or more). */
async function nextReference(tx: Queryable, at: Date): Promise<string> {
  await tx.execute(sql`select pg_advisory_xact_lock(${CASE_NUMBER_LOCK})`);
  const prefix = `C-${jstDay(at).slice(0, 4)}-`;
  const last = await queryRows<{ n: number | string | null }>(tx, sql`
    select max(substring(reference from ${prefix.length + 1}::int)::int) as n
    from cases where reference like ${`${prefix}%`} and substring(reference from ${prefix.length + 1}::int) ~ '^[0-9]{1,9}$'`);
  return `${prefix}${String(Number(last[0]?.n ?? 0) + 1).padStart(4, "0")}`;
}

/**
 * One open case per linked account: opens a case on the link, or, when the link already has one
 * that is not closed, adds the report to it instead (a timeline entry, one more hit, priority up,
 * severity raised to the report's if higher, its due date brought forward to match, woken from a
 * snooze). Safe under concurrency: the partial unique index cases_one_open_per_link lets only one
 * insert win; the loser finds the winner's case and adds to it. Runs in the caller's transaction,
 * with its audit entry.
 */
export async function openOrAddToCase(tx: Queryable, actor: Actor, report: CaseReport): Promise<ReportResult> {
  const at = report.at ?? new Date();
  const body = { source: report.source, ...(report.note ? { note: report.note } : {}), ...(report.details ? { details: report.details } : {}) };
  for (let attempt = 0; attempt < 3; attempt++) {
    const [open] = await tx
      .select()
      .from(cases)
      .where(and(eq(cases.linkedAccountId, report.link.id), ne(cases.status, "closed")))
      .limit(1)
      .for("update");
    if (open) {
      const severity = higherSeverity(open.severity, report.severity);
      const hours = await slaHours(tx);
      const due = dueFrom(open.openedAt, hours[severity]);
      const updated = await changeCase(tx, actor, open, undefined, {
        patch: {
          hits: sql`${cases.hits} + 1`,
          priority: sql`${cases.priority} + 1`,
          severity,
          ...(due < open.dueAt ? { dueAt: due } : {}),
        },
        events: [
          { kind: report.source === "manual" || report.source === "accounts" ? "note" : "rule_hit", body: { ...body, reportedAgain: true } },
          ...(severity !== open.severity ? [{ kind: "severity_changed" as const, body: { from: open.severity, to: severity } }] : []),
        ],
        audit: { action: "case.reported_again", after: { ...body, hits: open.hits + 1, severity } },
      }, at);
      return { id: updated.id, reference: updated.reference, created: false, status: updated.status, bankId: updated.bankId, openedAt: updated.openedAt };
    }

    const reference = await nextReference(tx, at);
    const hours = await slaHours(tx);
    const [created] = await tx
      .insert(cases)
      .values({
        reference,
        bankId: report.link.bankId,
        linkedAccountId: report.link.id,
        status: "new",
        severity: report.severity,
        source: report.source,
        incidentId: report.incidentId ?? null,
        assigneeId: report.assigneeId ?? null,
        dueAt: dueFrom(at, hours[report.severity]),
        openedAt: at,
        lastActivityAt: at,
        createdAt: at,
        updatedAt: at,
      })
      .onConflictDoNothing({ target: cases.linkedAccountId, where: sql`${cases.status} <> 'closed'` })
      .returning();
    // Another transaction opened one first (and has committed): add to it instead.
    if (!created) continue;
    await tx.insert(caseEvents).values({
      caseId: created.id,
      kind: "opened",
      body,
      actorId: actor.kind === "staff" ? actor.userId : null,
      version: created.version,
      at,
    });
    await writeAudit(tx, actor, {
      action: "case.opened",
      entityType: "case",
      entityId: created.id,
      bankId: created.bankId,
      after: { reference, linkId: report.link.id, status: "new", severity: report.severity, ...body },
    });
    return { id: created.id, reference, created: true, status: created.status, bankId: created.bankId, openedAt: created.openedAt };
  }
  throw new Error("openOrAddToCase: the link's open case kept changing");
}
