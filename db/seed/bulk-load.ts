import { sql } from "drizzle-orm";
import type { Queryable } from "../index";
import { queryRows } from "./query";

/**
 * A bulk load into empty tables is several times faster without their secondary indexes and
 * foreign keys: each row otherwise updates every index at a random place and runs one referential
 * check per foreign key. So, inside the seed's transaction, those are dropped before the load and
 * rebuilt after it from the catalogue's own definitions (pg_get_indexdef, pg_get_constraintdef):
 * the same names and definitions as the migrations made, and the foreign keys are validated
 * against every loaded row when they are added back. Primary keys and unique constraints stay.
 * Everything is one transaction: if anything fails, the tables are as they were.
 *
 * The statements come from the catalogue, never from input; they run in a DO block (no SQL text is
 * spliced into a query on the client side).
 */

const SAVED = sql.identifier("seed_saved_ddl");

export async function dropSecondaryStructures(tx: Queryable, tables: readonly string[]): Promise<number> {
  const names = sql`${sql.param(tables)}::text[]::regclass[]`;
  await tx.execute(sql`create temp table ${SAVED} (
      ord int primary key, kind text not null, drop_stmt text not null, create_stmt text not null, done boolean not null default false
    ) on commit drop`);
  await tx.execute(sql`insert into ${SAVED} (ord, kind, drop_stmt, create_stmt)
    select row_number() over (order by kind, name), kind, drop_stmt, create_stmt from (
      select 'a_index' as kind, c.relname::text as name,
        format('drop index %I.%I', n.nspname, c.relname) as drop_stmt,
        pg_get_indexdef(i.indexrelid) as create_stmt
      from pg_index i
        join pg_class c on c.oid = i.indexrelid
        join pg_namespace n on n.oid = c.relnamespace
      where i.indrelid = any(${names}) and not i.indisprimary and not i.indisunique
        and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)
      union all
      select 'b_foreign_key', k.conname::text,
        format('alter table %s drop constraint %I', k.conrelid::regclass, k.conname),
        format('alter table %s add constraint %I %s', k.conrelid::regclass, k.conname, pg_get_constraintdef(k.oid))
      from pg_constraint k
      where k.contype = 'f' and k.conrelid = any(${names})
    ) s`);
  await tx.execute(sql`do $$
    declare r record;
    begin
      for r in select drop_stmt from seed_saved_ddl order by kind desc, ord loop
        execute r.drop_stmt;
      end loop;
    end $$`);
  const [row] = await queryRows<{ n: number | string }>(tx, sql`select count(*)::int as n from ${SAVED}`);
  return Number(row?.n ?? 0);
}

/** Rebuilds what dropSecondaryStructures dropped, one statement per call (indexes first), for progress. */
export async function rebuildSecondaryStructures(tx: Queryable, onStep: (done: number, total: number) => void): Promise<void> {
  const [row] = await queryRows<{ n: number | string }>(tx, sql`select count(*)::int as n from ${SAVED}`);
  const total = Number(row?.n ?? 0);
  onStep(0, total);
  for (let done = 1; done <= total; done++) {
    await tx.execute(sql`do $$
      declare r record;
      begin
        select ord, create_stmt into r from seed_saved_ddl where not done order by ord limit 1;
        execute r.create_stmt;
        update seed_saved_ddl set done = true where ord = r.ord;
      end $$`);
    onStep(done, total);
  }
  await tx.execute(sql`drop table ${SAVED}`);
}
