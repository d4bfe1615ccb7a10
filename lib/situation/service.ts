import "server-only";
import { and, count, countDistinct, desc, eq, ne, sql } from "drizzle-orm";
import { getDb, type Queryable } from "@/db";
import { cases, controlChanges, incidents, organisations } from "@/db/schema";
import type { StaffActor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/policy";
import { bankScope } from "@/lib/auth/scope";
import { mayReadControls } from "@/lib/controls/access";
import { blockedBetween } from "@/lib/controls/blocked";
import { loadPeople } from "@/lib/controls/people";
import type { ControlsSummary } from "@/lib/controls/schemas";
import { listControls } from "@/lib/controls/service";
import { listRoleGrants } from "@/lib/users/grants";
import { listCredentialResets } from "@/lib/users/resets";
import type { Situation } from "./schemas";

const DAY_MS = 24 * 60 * 60 * 1000;
/** How many control changes the home lists. */
export const LATEST_CHANGES = 6;

/**
 * The situation at a glance, in the viewer's scope: the banks' switches, the attempts blocked in the
 * last 24 hours, the open incident's figures, the newest control changes and what waits for the
 * viewer's decision. Every query is scoped here (a bank's staff get their bank and nothing else,
 * not even another bank's count); a section the viewer's roles do not reach is null.
 */
export async function getSituation(actor: StaffActor, now: Date = new Date()): Promise<Situation> {
  const db = await getDb();
  const viewer = {
    readsControls: mayReadControls(actor),
    readsCases: can(actor, "cases.read"),
    readsAccounts: can(actor, "accounts.read"),
    approvesLoosenings: can(actor, "controls.approve_loosening"),
    managesUsers: can(actor, "users.manage"),
  };
  const from = new Date(now.getTime() - DAY_MS);
  // The board's own read (lib/controls): the same states, counts and waiting loosenings as /controls.
  const board = viewer.readsControls ? await listControls(actor) : null;
  const bankIds = board?.banks.map((b) => b.bankId) ?? [];
  const [blocked, incident, latestChanges, roleGrants, credentialResets] = await Promise.all([
    board ? blockedBetween(db, bankIds, from, now) : null,
    viewer.readsCases ? openIncident(db, actor) : null,
    board ? latestChangesOf(db, actor) : null,
    viewer.managesUsers ? listRoleGrants(actor, { status: "open" }) : null,
    viewer.managesUsers ? listCredentialResets(actor, { status: "open" }) : null,
  ]);

  const sum = (c: "registrations" | "charges") => [...(blocked?.values() ?? [])].reduce((n, b) => n + b[c], 0);
  return {
    scope: { kind: actor.bankId === null ? "all" : "bank", bankCode: actor.bankCode },
    generatedAt: now.toISOString(),
    viewer,
    controls: board && {
      totalBanks: board.totalBanks,
      registrations: states(board.summary.registrations),
      charges: states(board.summary.charges),
      banks: board.banks.map((b) => ({
        bankCode: b.bankCode,
        nameJa: b.nameJa,
        nameEn: b.nameEn,
        registrations: b.registrations.state,
        charges: b.charges.state,
        blocked: blocked?.get(b.bankId) ?? { registrations: 0, charges: 0 },
      })),
    },
    blocked: blocked && { from: from.toISOString(), to: now.toISOString(), registrations: sum("registrations"), charges: sum("charges") },
    incident,
    latestChanges,
    waiting: {
      loosenings: viewer.approvesLoosenings
        ? (board?.banks ?? [])
            .flatMap((b) => b.openRequests)
            .filter((r) => r.status === "pending" && r.viewer.canApprove)
            .map((r) => ({
              id: r.id,
              bankCode: r.bankCode,
              nameJa: r.bankNameJa,
              nameEn: r.bankNameEn,
              control: r.control,
              currentState: r.currentState,
              toState: r.toState,
              requestedBy: r.requestedBy,
              requestedAt: r.requestedAt,
              scheduledFor: r.scheduledFor,
            }))
        : null,
      roleGrants:
        roleGrants?.grants
          .filter((g) => g.viewer.canApprove)
          .map((g) => ({ id: g.id, displayName: g.displayName, email: g.email, roles: g.roles, requestedBy: g.requestedBy.name, requestedAt: g.requestedAt })) ?? null,
      credentialResets:
        credentialResets?.resets
          .filter((r) => r.viewer.canApprove)
          .map((r) => ({ id: r.id, displayName: r.displayName, email: r.email, resetTotp: r.resetTotp, requestedBy: r.requestedBy.name, requestedAt: r.requestedAt })) ?? null,
    },
  };
}

/** Banks per state of one control, from the board's summary. */
function states({ open, strong_only, suspended }: ControlsSummary["registrations"]) {
  return { open, strong_only, suspended };
}

/** How many banks the viewer sees: all of them for the carrier, their own for a bank's staff. */
async function banksInScope(db: Queryable, actor: StaffActor): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(organisations)
    .where(and(eq(organisations.kind, "bank"), bankScope(actor, organisations.id)));
  return Number(row?.n ?? 0);
}

/**
 * The newest incident that is not closed, with its confirmed cases, the banks they happened at and
 * the confirmed loss, counted over the cases in the viewer's scope. How many banks were hit is the
 * carrier's figure: a bank's staff get null (it would tell them about other banks).
 */
async function openIncident(db: Queryable, actor: StaffActor): Promise<Situation["incident"]> {
  const [incident] = await db
    .select({ id: incidents.id, reference: incidents.reference, title: incidents.title, status: incidents.status, startedAt: incidents.startedAt })
    .from(incidents)
    .where(ne(incidents.status, "closed"))
    .orderBy(desc(incidents.startedAt), desc(incidents.id))
    .limit(1);
  if (!incident) return null;
  const [figures] = await db
    .select({
      confirmedCases: count(),
      banksWithCases: countDistinct(cases.bankId),
      lossYen: sql<number>`coalesce(sum(${cases.confirmedLossYen}), 0)`.mapWith(Number),
    })
    .from(cases)
    .where(and(eq(cases.incidentId, incident.id), eq(cases.outcome, "confirmed_fraud"), bankScope(actor, cases.bankId)));
  return {
    reference: incident.reference,
    title: incident.title,
    status: incident.status,
    startedAt: incident.startedAt.toISOString(),
    confirmedCases: Number(figures?.confirmedCases ?? 0),
    banksWithCases: actor.bankId === null ? Number(figures?.banksWithCases ?? 0) : null,
    totalBanks: await banksInScope(db, actor),
    lossYen: figures?.lossYen ?? 0,
  };
}

/** The newest control changes in scope, with who made them. */
async function latestChangesOf(db: Queryable, actor: StaffActor): Promise<Situation["latestChanges"]> {
  const rows = await db
    .select({ change: controlChanges, bankCode: organisations.bankCode, nameJa: organisations.nameJa, nameEn: organisations.nameEn })
    .from(controlChanges)
    .innerJoin(organisations, eq(organisations.id, controlChanges.bankId))
    .where(bankScope(actor, controlChanges.bankId))
    .orderBy(desc(controlChanges.changedAt), desc(controlChanges.id))
    .limit(LATEST_CHANGES);
  const people = await loadPeople(
    db,
    rows.map((r) => r.change.changedBy),
    rows.map((r) => r.change.changedByApiKey),
  );
  return rows.map(({ change: c, ...bank }) => ({
    id: c.id,
    bankCode: bank.bankCode ?? "",
    nameJa: bank.nameJa,
    nameEn: bank.nameEn,
    control: c.control,
    fromState: c.fromState,
    toState: c.toState,
    reason: c.reason,
    by: people.user(c.changedBy) ?? people.apiKey(c.changedByApiKey),
    at: c.changedAt.toISOString(),
  }));
}
