import crypto from "node:crypto";
import type { Db } from "@/db";
import { cases, incidents } from "@/db/schema";
import type { CaseOutcome, CaseSeverity, CaseStatus } from "@/lib/cases/constants";
import { NOW, type Fixture } from "../accounts/support";

/**
 * The queue's world on top of the accounts fixture (tests/accounts/support.ts): 28 more cases at
 * banks 0101, 0108 and 0115 in every status, severity, SLA state and assignment, with ties on the
 * due date, the loss and the opening (keyset pages must break them by id), some snoozed (one whose
 * snooze has run out), some in an incident. Tests compute what they expect from the rows
 * themselves (`allCases`), so the fixture's own cases count too.
 */

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const QUEUE_INCIDENT = "INC-2026-900";

export interface QueueWorld {
  incidentId: string;
  investigatorId: string;
  investigator2Id: string;
}

export async function addQueueCases(db: Db, fx: Fixture): Promise<QueueWorld> {
  const [incident] = await db
    .insert(incidents)
    .values({ reference: QUEUE_INCIDENT, title: "Queue test campaign", startedAt: new Date(NOW.getTime() - 30 * DAY) })
    .returning({ id: incidents.id });
  const inv = await fx.actor("investigator@carrier.demo");
  const inv2 = await fx.actor("investigator2@carrier.demo");
  const links = [...fx.byBank("0101").slice(10, 26), ...fx.byBank("0108").slice(2, 10), ...fx.byBank("0115").slice(0, 4)];
  const statuses: CaseStatus[] = ["new", "triage", "investigating", "closed"];
  const outcomes: CaseOutcome[] = ["confirmed_fraud", "not_fraud", "inconclusive"];
  const severities: CaseSeverity[] = ["critical", "low", "high", "medium"];
  const rows: (typeof cases.$inferInsert)[] = links.map((link, i) => {
    const status = statuses[i % 4]!;
    const outcome = status === "closed" ? outcomes[Math.floor(i / 4) % 3]! : null;
    const loss = (i % 4) * 10_000;
    // Due: 2 days late, 1 day late, in 12 hours, in 2 days, in 3 days (many ties).
    const dueOffsets = [-2 * DAY, -DAY, 12 * HOUR, 2 * DAY, 3 * DAY];
    return {
      reference: `C-2026-${String(9001 + i)}`,
      bankId: fx.orgIds.get(link.bankCode)!,
      linkedAccountId: link.id,
      incidentId: i % 6 === 0 ? incident!.id : null,
      status,
      outcome,
      severity: severities[(i >> 1) % 4]!,
      priority: i % 3,
      lossYen: loss,
      confirmedLossYen: outcome === "confirmed_fraud" ? loss : 0,
      reimbursedYen: outcome === "confirmed_fraud" ? loss / 2 : 0,
      assigneeId: i % 3 === 0 ? inv.userId : i % 3 === 1 ? inv2.userId : null,
      dueAt: new Date(NOW.getTime() + dueOffsets[i % 5]!),
      snoozedUntil: i % 7 === 3 ? new Date(NOW.getTime() + 2 * DAY) : i % 11 === 5 ? new Date(NOW.getTime() - DAY) : null,
      openedAt: new Date(NOW.getTime() - (i % 3) * DAY - 5 * DAY),
      closedAt: status === "closed" ? NOW : null,
      lastActivityAt: new Date(NOW.getTime() - (i % 8) * HOUR),
    };
  });
  await db.insert(cases).values(rows);
  return { incidentId: incident!.id, investigatorId: inv.userId, investigator2Id: inv2.userId };
}

export type CaseRow = typeof cases.$inferSelect;

export async function allCases(db: Db): Promise<CaseRow[]> {
  return db.select().from(cases);
}

/** Ascending by (value, id), or descending by both: the queue's keyset order. */
export function ordered(rows: CaseRow[], value: (r: CaseRow) => number, dir: "asc" | "desc"): string[] {
  const s = [...rows].sort((a, b) => value(a) - value(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (dir === "desc") s.reverse();
  return s.map((r) => r.id);
}

export const randomRef = () => `C-2026-${crypto.randomInt(10_000, 99_999)}`;
