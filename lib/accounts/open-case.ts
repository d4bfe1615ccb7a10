import "server-only";
import { getDb } from "@/db";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/policy";
import { openOrAddToCase } from "@/lib/cases/open";
import { bankCodeOf } from "@/lib/cases/banks";
import type { OpenCaseResult } from "./schemas";
import { findLink } from "./service";

/**
 * "Open a case from this link": a case (status new, the link's bank, severity medium, reference
 * C-<Japan year>-<next number>) with its 'opened' timeline entry and audit entry, in one
 * transaction. A link that already has an open case gets no second one: the report and its note
 * are added to the open case, whose priority rises (`created: false` names it).
 */
export async function openCaseFromLink(actor: Actor, linkId: string, note?: string): Promise<OpenCaseResult> {
  assertCan(actor, "cases.work");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const link = await findLink(tx, actor, linkId, true);
    const r = await openOrAddToCase(tx, actor, { link, source: "accounts", severity: "medium", ...(note ? { note } : {}) });
    return { id: r.id, reference: r.reference, status: r.status, created: r.created, linkId: link.id, bankCode: await bankCodeOf(tx, r.bankId), openedAt: r.openedAt.toISOString() };
  });
}
