import "server-only";
import { eq, sql } from "drizzle-orm";
import { getDb, type Queryable } from "@/db";
import { incidents } from "@/db/schema";
import { queryRows } from "@/lib/accounts/rows";
import type { Actor, StaffActor } from "@/lib/auth/actor";
import { assertCan, can } from "@/lib/auth/policy";
import { writeAudit } from "@/lib/audit/write";
import { attachIncidentIn, type CaseWriteResult } from "@/lib/cases/workflow";
import { AppError, fieldError, Forbidden, Invalid, NotFound } from "@/lib/errors";
import { isUuid } from "@/lib/http/cursor";
import { fromJst, jstDay } from "@/lib/jst";
import { INCIDENT_ERRORS, type IncidentAttachRequest, type IncidentCreateRequest, type IncidentUpdateRequest, type IncidentWriteResult } from "./schemas";

/**
 * Creating and editing incidents, and attaching cases to them. Incidents group cases across banks,
 * so they are the carrier's: its investigators and managers (incidents.manage) write them; a bank's
 * staff read their bank's part only (./service.ts) and write nothing here. Each write is audited
 * in its own transaction.
 */

// Any fixed number: incident references of one year are numbered one at a time across processes.
const INCIDENT_NUMBER_LOCK = 7_413_047;

/** Whether the actor may create and edit incidents and attach cases to them (the carrier's investigators and managers). */
export function canManageIncidents(actor: Actor): boolean {
  return can(actor, "incidents.manage") && actor.bankId === null;
}

function assertManager(actor: Actor): asserts actor is StaffActor {
  assertCan(actor, "incidents.manage");
  if (actor.bankId !== null) throw new Forbidden("Incidents span banks: only the carrier's staff create and edit them.");
}

type Row = typeof incidents.$inferSelect;

function resultOf(r: Row): IncidentWriteResult {
  return { id: r.id, reference: r.reference, title: r.title, description: r.description, status: r.status, startedAt: r.startedAt.toISOString() };
}

/** INC-<Japan year of the start>-NNN, the next number of that year. */
async function nextReference(tx: Queryable, startedAt: Date): Promise<string> {
  await tx.execute(sql`select pg_advisory_xact_lock(${INCIDENT_NUMBER_LOCK})`);
  const prefix = `INC-${jstDay(startedAt).slice(0, 4)}-`;
  const [last] = await queryRows<{ n: number | string | null }>(tx, sql`
    select max(substring(reference from ${prefix.length + 1}::int)::int) as n
    from incidents where reference like ${`${prefix}%`} and substring(reference from ${prefix.length + 1}::int) ~ '^[0-9]{1,9}$'`);
  return `${prefix}${String(Number(last?.n ?? 0) + 1).padStart(3, "0")}`;
}

/** A new incident, numbered in the year it started; audited as incident.created. */
export async function createIncident(actor: Actor, input: IncidentCreateRequest): Promise<IncidentWriteResult> {
  assertManager(actor);
  const db = await getDb();
  const startedAt = fromJst(input.startedOn);
  return db.transaction(async (tx) => {
    const reference = await nextReference(tx, startedAt);
    const [row] = await tx.insert(incidents).values({ reference, title: input.title, description: input.description, status: input.status, startedAt }).returning();
    const created = resultOf(row!);
    await writeAudit(tx, actor, { action: "incident.created", entityType: "incident", entityId: created.id, after: { ...created, id: undefined } });
    return created;
  });
}

async function lockedIncident(tx: Queryable, idOrReference: string): Promise<Row> {
  const key = isUuid(idOrReference) ? eq(incidents.id, idOrReference.toLowerCase()) : eq(incidents.reference, idOrReference.toUpperCase());
  const [row] = await tx.select().from(incidents).where(key).limit(1).for("update");
  if (!row) throw new NotFound("incident");
  return row;
}

/** Changes the title, description, start day or status; audited as incident.updated with what changed before and after. */
export async function updateIncident(actor: Actor, idOrReference: string, input: IncidentUpdateRequest): Promise<IncidentWriteResult> {
  assertManager(actor);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const row = await lockedIncident(tx, idOrReference);
    const next = {
      title: input.title ?? row.title,
      description: input.description ?? row.description,
      status: input.status ?? row.status,
      startedAt: input.startedOn ? fromJst(input.startedOn) : row.startedAt,
    };
    const before: Record<string, string> = {};
    const after: Record<string, string> = {};
    for (const k of ["title", "description", "status"] as const) {
      if (next[k] !== row[k]) {
        before[k] = row[k];
        after[k] = next[k];
      }
    }
    if (next.startedAt.getTime() !== row.startedAt.getTime()) {
      before.startedOn = jstDay(row.startedAt);
      after.startedOn = jstDay(next.startedAt);
    }
    if (Object.keys(after).length === 0) throw new AppError(409, "unchanged", "The incident is already so.", { title: { code: INCIDENT_ERRORS.nothingToChange } });
    const [updated] = await tx.update(incidents).set(next).where(eq(incidents.id, row.id)).returning();
    await writeAudit(tx, actor, { action: "incident.updated", entityType: "incident", entityId: row.id, before: { reference: row.reference, ...before }, after: { reference: row.reference, ...after } });
    return resultOf(updated!);
  });
}

/** Attaches one case (id or reference) to the incident, through the case's own write (versioned, on its timeline, audited). */
export async function attachCaseToIncident(actor: Actor, idOrReference: string, input: IncidentAttachRequest): Promise<CaseWriteResult> {
  assertManager(actor);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const incident = await lockedIncident(tx, idOrReference);
    // A case that does not exist or is not the actor's to see is named in the body: the field says so.
    return attachIncidentIn(tx, actor, input.caseId, { incidentId: incident.id, version: input.version }).catch((e: unknown) => {
      if (e instanceof NotFound) throw new Invalid("No such case in your scope.", { caseId: fieldError(INCIDENT_ERRORS.unknownCase) });
      throw e;
    });
  });
}
