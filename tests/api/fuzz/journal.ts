import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db";

/**
 * A change journal for the fuzz's throw-away database: a row trigger on every table notes each
 * committed insert, update and delete (the table, the operation, and an audit entry's action), so a
 * test can ask "what changed since then?" in one indexed query, whatever the table and whether or
 * not it has a timestamp column. A rolled-back transaction leaves no note, as it leaves no change.
 */

/**
 * Columns that change on every authenticated request by design, and are not what an answer changed:
 * when a session was last seen (idle timeout) and when a key was last used (written in the
 * background). An update that changes only these is not noted.
 */
const TOUCHED_ON_EVERY_REQUEST: Record<string, string[]> = {
  staff_sessions: ["last_seen_at"],
  api_keys: ["last_used_at"],
};

/**
 * Tables written on a timer, not by the request being answered: the decision counters' flush, and
 * the analytics rollups its trigger keeps in the same transaction (migrations 0025 and 0031).
 */
const WRITTEN_IN_THE_BACKGROUND = new Set(["decision_counters", "analytics_decision_rollups", "analytics_decision_day_rollups", "analytics_decision_month_rollups"]);

/**
 * What a refused request may leave behind, by design: the audit entry of a refused access (every
 * 403 is audited under its caller) and a failed sign-in or enrolment (counted and audited, so an
 * attack on an account is seen and slowed).
 */
export const REFUSALS_RECORDED = new Set(["audit_log:INSERT:access.denied", "audit_log:INSERT:auth.sign_in_failed", "audit_log:INSERT:auth.sign_in_attack"]);
export const REFUSAL_TABLES = new Set(["sign_in_failures"]);

export interface Change {
  seq: number;
  tbl: string;
  op: string;
  action: string | null;
}

/** The rows of a raw query (PGlite and node-postgres both answer `{ rows }`). */
export async function selectRows<T>(db: Db, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

export async function installJournal(db: Db): Promise<void> {
  await db.execute(sql`create table fuzz_journal (seq bigserial primary key, tbl text not null, op text not null, action text)`);
  await db.execute(sql`create function fuzz_journal_row() returns trigger language plpgsql as $$
    declare
      ignored text[] := coalesce(TG_ARGV::text[], '{}');
    begin
      if TG_OP = 'UPDATE' and (to_jsonb(NEW) - ignored) = (to_jsonb(OLD) - ignored) then
        return null;
      end if;
      insert into fuzz_journal (tbl, op, action)
        values (TG_TABLE_NAME, TG_OP, case when TG_TABLE_NAME = 'audit_log' then to_jsonb(coalesce(NEW, OLD)) ->> 'action' end);
      return null;
    end $$`);
  const tables = await selectRows<{ t: string }>(db, sql`select tablename as t from pg_tables where schemaname = 'public' and tablename <> 'fuzz_journal'`);
  for (const { t } of tables) {
    if (WRITTEN_IN_THE_BACKGROUND.has(t)) continue;
    const args = (TOUCHED_ON_EVERY_REQUEST[t] ?? []).map((c) => `'${c}'`).join(", ");
    await db.execute(sql.raw(`create trigger fuzz_journal after insert or update or delete on "${t}" for each row execute function fuzz_journal_row(${args})`));
  }
}

/** The journal's changes after `since` (a seq), oldest first. */
export async function changesSince(db: Db, since: number): Promise<Change[]> {
  const rows = await selectRows<{ seq: string | number; tbl: string; op: string; action: string | null }>(db, sql`select seq, tbl, op, action from fuzz_journal where seq > ${since} order by seq`);
  return rows.map((r) => ({ seq: Number(r.seq), tbl: r.tbl, op: r.op, action: r.action }));
}

/** The changes a refused request must not have made (everything but the recorded refusals). */
export function unexpectedChanges(changes: Change[]): Change[] {
  return changes.filter((c) => !REFUSAL_TABLES.has(c.tbl) && !REFUSALS_RECORDED.has(`${c.tbl}:${c.op}:${c.action}`));
}
