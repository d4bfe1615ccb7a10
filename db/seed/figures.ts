import { sql } from "drizzle-orm";
import type { Queryable } from "../index";
import { INCIDENT_REFERENCE } from "./cases";
import { queryRows } from "./query";

/**
 * The published figures, read back from the database (what the seed's audit entry records): the
 * cases' figures are the story's incident's (INC-2020-001), beside the live queue's counts.
 */
export interface SeedFigures {
  banks: number;
  registrationsSuspended: number;
  chargesSuspended: number;
  confirmedCases: number;
  banksWithCases: number;
  lossYen: number;
  firstCaseOpenedAt: string | null;
  lastControlChangeAt: string | null;
  /** The live queue around the story (db/seed/live-queue.ts): its cases, and how many are open. */
  liveCases: number;
  openCases: number;
  wallets: number;
  links: number;
  transactions: number;
}

export async function readSeedFigures(db: Queryable): Promise<SeedFigures> {
  const [r] = await queryRows<Record<string, string | number | null>>(db, sql`
    with story as (select c.* from cases c join incidents i on i.id = c.incident_id where i.reference = ${INCIDENT_REFERENCE})
    select
      (select count(*)::int from organisations where kind = 'bank') as banks,
      (select count(*)::int from bank_controls where control = 'registrations' and state = 'suspended') as registrations_suspended,
      (select count(*)::int from bank_controls where control = 'charges' and state = 'suspended') as charges_suspended,
      (select count(*)::int from story where outcome = 'confirmed_fraud') as confirmed_cases,
      (select count(distinct bank_id)::int from story where outcome = 'confirmed_fraud') as banks_with_cases,
      (select coalesce(sum(confirmed_loss_yen), 0)::bigint::text from story where outcome = 'confirmed_fraud') as loss_yen,
      (select to_char(min(opened_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') from story) as first_case,
      (select count(*)::int from cases c where c.incident_id is distinct from (select id from incidents where reference = ${INCIDENT_REFERENCE})) as live_cases,
      (select count(*)::int from cases where status <> 'closed') as open_cases,
      (select to_char(max(changed_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') from control_changes) as last_change,
      (select count(*)::int from wallets) as wallets,
      (select count(*)::int from linked_accounts) as links,
      (select count(*)::int from transactions) as transactions`);
  if (!r) throw new Error("no figures");
  return {
    banks: Number(r.banks),
    registrationsSuspended: Number(r.registrations_suspended),
    chargesSuspended: Number(r.charges_suspended),
    confirmedCases: Number(r.confirmed_cases),
    banksWithCases: Number(r.banks_with_cases),
    lossYen: Number(r.loss_yen),
    firstCaseOpenedAt: r.first_case === null ? null : String(r.first_case),
    lastControlChangeAt: r.last_change === null ? null : String(r.last_change),
    liveCases: Number(r.live_cases),
    openCases: Number(r.open_cases),
    wallets: Number(r.wallets),
    links: Number(r.links),
    transactions: Number(r.transactions),
  };
}
