import "server-only";
import { queryRows } from "./rows";
import { sql } from "drizzle-orm";
import { getDb } from "@/db";
import { caseEvents, cases } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/policy";
import { writeAudit } from "@/lib/audit/write";
import { Conflict, fieldError } from "@/lib/errors";
import { jstDay } from "@/lib/format";
import { OPEN_CASE_STATUSES, type OpenCaseResult } from "./schemas";
import { findLink } from "./service";

// Any fixed number: case references of one year are numbered one at a time across processes.
const CASE_NUMBER_LOCK = 7_413_031;

/**
 * "Open a case from this link", the minimal form the accounts area needs until the cases area
 * exists: a case row (status new, the link's bank, opened now, reference C-<Japan year>-<next
 * number of that year, 4 digits or more>), its 'opened' timeline event and the audit entry, in
 * one transaction. A link that already has an open case gets no second one (409 naming it).
 */
export async function openCaseFromLink(actor: Actor, linkId: string, note?: string): Promise<OpenCaseResult> {
  assertCan(actor, "cases.work");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const link = await findLink(tx, actor, linkId, true);
    const open = await queryRows<{ reference: string }>(tx, sql`
      select reference from cases
      where linked_account_id = ${link.id}::uuid and status in (${sql.join(
        OPEN_CASE_STATUSES.map((s) => sql`${s}`),
        sql`, `,
      )})
      order by opened_at desc limit 1`);
    const existing = open[0]?.reference;
    if (existing) throw new Conflict(`This link already has an open case: ${existing}.`, { case: fieldError("open_case_exists", { caseId: existing }) });

    await tx.execute(sql`select pg_advisory_xact_lock(${CASE_NUMBER_LOCK})`);
    const now = new Date();
    const year = jstDay(now).slice(0, 4);
    const prefix = `C-${year}-`;
    const last = await queryRows<{ n: number | string | null }>(tx, sql`
      select max(substring(reference from ${prefix.length + 1}::int)::int) as n
      from cases where reference like ${`${prefix}%`} and substring(reference from ${prefix.length + 1}::int) ~ '^[0-9]{1,9}$'`);
    const next = Number(last[0]?.n ?? 0) + 1;
    const reference = `${prefix}${String(next).padStart(4, "0")}`;

    const [created] = await tx
      .insert(cases)
      .values({ reference, bankId: link.bankId, linkedAccountId: link.id, status: "new", openedAt: now })
      .returning({ id: cases.id });
    await tx.insert(caseEvents).values({
      caseId: created!.id,
      kind: "opened",
      body: { source: "accounts", linkId: link.id, ...(note ? { note } : {}) },
      actorId: actor.userId,
      at: now,
    });
    const bank = await queryRows<{ code: string }>(tx, sql`select bank_code as code from organisations where id = ${link.bankId}::uuid`);
    await writeAudit(tx, actor, {
      action: "case.opened",
      entityType: "case",
      entityId: created!.id,
      bankId: link.bankId,
      after: { reference, linkId: link.id, status: "new", source: "accounts", ...(note ? { note } : {}) },
    });
    return { id: created!.id, reference, status: "new", linkId: link.id, bankCode: bank[0]!.code, openedAt: now.toISOString() };
  });
}
