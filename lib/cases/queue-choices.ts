import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/db";
import { queryRows } from "@/lib/accounts/rows";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/policy";

/** A bank the queue's bank filter offers. */
export interface QueueBank {
  code: string;
  nameJa: string;
  nameEn: string;
}

/** A person the queue's assignee filter and bulk assignment offer. */
export interface QueuePerson {
  id: string;
  name: string;
  /** "carrier" or the person's bank code. */
  org: string;
}

/**
 * What the queue page's filters and bulk bar choose from, in the actor's scope: the banks (every
 * bank for the carrier; none for a bank's staff, whose queue is their bank's alone) and the active
 * investigators who may work the cases the actor sees (the carrier's, and the actor's bank's, or
 * every bank's for the carrier). The server checks each assignment again (assignee_not_eligible).
 */
export async function queueChoices(actor: Actor): Promise<{ banks: QueueBank[]; people: QueuePerson[] }> {
  assertCan(actor, "cases.read");
  const db = await getDb();
  const banks =
    actor.bankId === null
      ? (await queryRows<{ code: string; name_ja: string; name_en: string }>(db, sql`select bank_code as code, name_ja, name_en from organisations where kind = 'bank' order by bank_code`)).map((r) => ({
          code: r.code,
          nameJa: r.name_ja,
          nameEn: r.name_en,
        }))
      : [];
  const scope = actor.bankId === null ? sql`` : sql` and (o.kind = 'carrier' or o.id = ${actor.bankId}::uuid)`;
  const people = await queryRows<{ id: string; name: string; org: string }>(
    db,
    sql`select u.id::text as id, u.display_name as name, coalesce(o.bank_code, 'carrier') as org
        from users u join organisations o on o.id = u.org_id
        where u.status = 'active' and 'investigator' = any(u.roles)${scope}
        order by (o.kind = 'carrier') desc, o.bank_code nulls first, u.display_name`,
  );
  return { banks, people };
}
