import "server-only";
import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import { getDb, type Queryable } from "@/db";
import { bankControls, controlChangeRequests, controlChanges, organisations } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan, can } from "@/lib/auth/policy";
import { bankScope } from "@/lib/auth/scope";
import { writeAudit } from "@/lib/audit/write";
import { Conflict, Forbidden, Invalid, fieldError } from "@/lib/errors";
import { decodeInstantKey, encodeInstantKey, isoMicros } from "@/lib/http/cursor";
import { assertMayReadControls, mayRequestLoosening } from "./access";
import { blockedSinceLastChange } from "./blocked";
import { filterBanks } from "./filter";
import { loadPeople } from "./people";
import { openRequestsOf } from "./requests";
import {
  bulkTightenRequest,
  controlsQuery,
  historyQuery,
  isTightening,
  stateRank,
  tightenRequest,
  type BankControlsView,
  type BulkResult,
  type ChangeResult,
  type Control,
  type ControlsResponse,
  type ControlsSummary,
  type HistoryEntry,
  type HistoryResponse,
} from "./schemas";
import { cancelOpenLoosenings, controlEntityId, findBank, lockControls, resolveBulkBanks, writeChange } from "./write";

export { blastRadius, bulkBlastRadius } from "./blast-radius";
export { applyDueRequests, approveRequest, cancelRequest, editRequest, listRequests, rejectRequest, requestLoosening } from "./requests";

// ---- The board ----------------------------------------------------------------------------------

/**
 * Every bank the viewer may see with both controls: state, since when, by whom, why, the version,
 * the attempts blocked since the last change, and the loosenings waiting. A read: it never applies
 * a due scheduled loosening (the scheduler does, lib/controls/scheduler.ts).
 */
export async function listControls(actor: Actor, query: z.input<typeof controlsQuery> = {}): Promise<ControlsResponse> {
  assertMayReadControls(actor);
  const filters = controlsQuery.parse(query);
  const db = await getDb();
  const banks = await db
    .select({ id: organisations.id, code: organisations.bankCode, nameJa: organisations.nameJa, nameEn: organisations.nameEn })
    .from(organisations)
    .where(and(eq(organisations.kind, "bank"), bankScope(actor, organisations.id)))
    .orderBy(asc(organisations.bankCode));
  const ids = banks.map((b) => b.id);
  const [states, latest, requests, blocked] = await Promise.all([
    ids.length ? db.select().from(bankControls).where(inArray(bankControls.bankId, ids)) : Promise.resolve([]),
    latestChanges(db, ids),
    openRequestsOf(db, actor, ids),
    blockedSinceLastChange(db, ids),
  ]);
  const people = await loadPeople(
    db,
    [...states.map((s) => s.changedBy), ...latest.map((l) => l.changedBy), ...latest.map((l) => l.approvedBy)],
    latest.map((l) => l.changedByApiKey),
  );
  const stateOf = new Map(states.map((s) => [`${s.bankId}:${s.control}`, s]));
  const latestOf = new Map(latest.map((l) => [`${l.bankId}:${l.control}`, l]));
  const views: BankControlsView[] = banks.map((b) => {
    const view = (control: Control) => {
      const s = stateOf.get(`${b.id}:${control}`);
      const l = latestOf.get(`${b.id}:${control}`);
      // The history row of the current state names an API-key requester and the approver too.
      const fromHistory = l && s && l.changedAt.getTime() === s.changedAt.getTime();
      return {
        control,
        state: s?.state ?? "open",
        since: (s?.changedAt ?? new Date(0)).toISOString(),
        changedBy: people.user(s?.changedBy) ?? (fromHistory ? people.apiKey(l.changedByApiKey) : null),
        approvedBy: fromHistory ? people.user(l.approvedBy) : null,
        reason: s?.reason ?? null,
        version: s?.version ?? 0,
        blockedSinceChange: blocked.get(b.id)?.[control] ?? 0,
      };
    };
    return {
      bankId: b.id,
      bankCode: b.code!,
      nameJa: b.nameJa,
      nameEn: b.nameEn,
      registrations: view("registrations"),
      charges: view("charges"),
      openRequests: requests.filter((r) => r.bankId === b.id),
      canChange: actor.bankId === null || actor.bankId === b.id,
    };
  });
  return {
    banks: filterBanks(views, filters),
    totalBanks: views.length,
    summary: summarise(views),
    viewer: {
      isCarrier: actor.bankId === null,
      canTighten: can(actor, "controls.tighten"),
      canRequestLoosening: mayRequestLoosening(actor),
      canApprove: can(actor, "controls.approve_loosening"),
      canBulkTighten: can(actor, "controls.tighten") && actor.bankId === null,
    },
    generatedAt: new Date().toISOString(),
  };
}

/** The counts on top of the board: banks per state of each control, attempts blocked, loosenings waiting. */
export function summarise(views: BankControlsView[]): ControlsSummary {
  const counts = (control: Control) => {
    const c = { open: 0, strong_only: 0, suspended: 0, blocked: 0 };
    for (const v of views) {
      c[v[control].state]++;
      c.blocked += v[control].blockedSinceChange;
    }
    return c;
  };
  const waiting = views.flatMap((v) => v.openRequests);
  return {
    registrations: counts("registrations"),
    charges: counts("charges"),
    waiting: waiting.length,
    awaitingViewer: waiting.filter((r) => r.status === "pending" && r.viewer.canApprove).length,
  };
}

/** The newest history entry of each control of these banks. */
async function latestChanges(db: Queryable, bankIds: string[]) {
  if (bankIds.length === 0) return [];
  return db
    .selectDistinctOn([controlChanges.bankId, controlChanges.control], {
      bankId: controlChanges.bankId,
      control: controlChanges.control,
      changedAt: controlChanges.changedAt,
      changedBy: controlChanges.changedBy,
      changedByApiKey: controlChanges.changedByApiKey,
      approvedBy: controlChanges.approvedBy,
    })
    .from(controlChanges)
    .where(inArray(controlChanges.bankId, bankIds))
    .orderBy(controlChanges.bankId, controlChanges.control, desc(controlChanges.changedAt));
}

// ---- History ------------------------------------------------------------------------------------

/**
 * One bank's timeline, newest first: every change, every loosening request and every decision on
 * one. Keyset-paged over the three sources: each gives at most a page after the cursor, the merge
 * keeps the newest page.
 */
export async function history(actor: Actor, bankCode: string, query: z.input<typeof historyQuery> = {}): Promise<HistoryResponse> {
  assertMayReadControls(actor);
  const q = historyQuery.parse(query);
  const db = await getDb();
  const bank = await findBank(db, actor, bankCode);
  const cursor = q.cursor ? decodeInstantKey(q.cursor, "text") : null;
  const after = (at: SQL, key: SQL): SQL | undefined => (cursor ? sql`(${at}, ${key}) < (${cursor.at}::timestamptz, ${cursor.key})` : undefined);
  const limit = q.limit + 1;
  const r = controlChangeRequests;

  // At one instant (an approval and the change it applies share a transaction), the change comes
  // first, then the decision, then the request: the key prefixes sort that way.
  const changeKey = sql<string>`'c:' || ${controlChanges.id}::text`;
  const decidedKey = sql<string>`'b:' || ${r.id}::text`;
  const requestedKey = sql<string>`'a:' || ${r.id}::text`;
  const [changes, requested, decided] = await Promise.all([
    db
      .select({ row: controlChanges, at: isoMicros(controlChanges.changedAt), key: changeKey })
      .from(controlChanges)
      .where(and(eq(controlChanges.bankId, bank.id), q.control ? eq(controlChanges.control, q.control) : undefined, after(sql`${controlChanges.changedAt}`, changeKey)))
      .orderBy(desc(controlChanges.changedAt), desc(changeKey))
      .limit(limit),
    db
      .select({ row: r, at: isoMicros(r.requestedAt), key: requestedKey })
      .from(r)
      .where(and(eq(r.bankId, bank.id), q.control ? eq(r.control, q.control) : undefined, after(sql`${r.requestedAt}`, requestedKey)))
      .orderBy(desc(r.requestedAt), desc(requestedKey))
      .limit(limit),
    db
      .select({ row: r, at: isoMicros(r.decidedAt), key: decidedKey })
      .from(r)
      .where(
        and(
          eq(r.bankId, bank.id),
          sql`${r.decidedAt} is not null`,
          inArray(r.status, ["approved", "applied", "rejected", "cancelled"]),
          q.control ? eq(r.control, q.control) : undefined,
          after(sql`${r.decidedAt}`, decidedKey),
        ),
      )
      .orderBy(desc(r.decidedAt), desc(decidedKey))
      .limit(limit),
  ]);
  const people = await loadPeople(
    db,
    [...changes.flatMap((c) => [c.row.changedBy, c.row.approvedBy]), ...requested.map((x) => x.row.requestedBy), ...decided.map((x) => x.row.decidedBy)],
    [...changes.map((c) => c.row.changedByApiKey), ...requested.map((x) => x.row.requestedByApiKey)],
  );
  const system = { name: "system", kind: "system" as const, org: null };
  const entries: HistoryEntry[] = [
    ...changes.map(({ row, at, key }) => ({
      key,
      kind: "change" as const,
      at,
      control: row.control,
      fromState: row.fromState,
      toState: row.toState,
      reason: row.reason,
      by: people.user(row.changedBy) ?? people.apiKey(row.changedByApiKey),
      approvedBy: people.user(row.approvedBy),
      requestId: row.requestId,
      scheduledFor: null,
    })),
    ...requested.map(({ row, at, key }) => ({
      key,
      kind: "requested" as const,
      at,
      control: row.control,
      fromState: null,
      toState: row.toState,
      reason: row.reason,
      by: people.user(row.requestedBy) ?? people.apiKey(row.requestedByApiKey),
      approvedBy: null,
      requestId: row.id,
      scheduledFor: row.scheduledFor?.toISOString() ?? null,
    })),
    ...decided.map(({ row, at, key }) => ({
      key,
      kind: (row.status === "applied" ? "approved" : row.status) as "approved" | "rejected" | "cancelled",
      at,
      control: row.control,
      fromState: null,
      toState: row.toState,
      reason: row.decisionNote,
      by: people.user(row.decidedBy) ?? system,
      approvedBy: null,
      requestId: row.id,
      scheduledFor: row.scheduledFor?.toISOString() ?? null,
    })),
  ];
  entries.sort((a, b) => (a.at === b.at ? (a.key < b.key ? 1 : -1) : a.at < b.at ? 1 : -1));
  const page = entries.slice(0, q.limit);
  const last = page.at(-1);
  return {
    bankCode: bank.code,
    nameJa: bank.nameJa,
    nameEn: bank.nameEn,
    entries: page.map((e) => ({ ...e, at: new Date(e.at).toISOString() })),
    nextCursor: entries.length > q.limit && last ? encodeInstantKey({ at: last.at, key: last.key }) : null,
  };
}

// ---- Tightening ---------------------------------------------------------------------------------

/**
 * Towards suspended, at once: the control takes the next version, the history its entry, the
 * audit log the change, all in one transaction; any loosening still waiting for this control is
 * cancelled. Moving to the state it already has is a conflict; a loosening is refused here (it
 * needs a request and a second person).
 */
export async function tighten(actor: Actor, bankCode: string, input: z.input<typeof tightenRequest>): Promise<ChangeResult> {
  assertCan(actor, "controls.tighten");
  const body = tightenRequest.parse(input);
  const db = await getDb();
  const bank = await findBank(db, actor, bankCode);
  if (body.confirmBankCode !== bank.code)
    throw new Invalid("The confirmation does not match the bank code.", { confirmBankCode: fieldError("confirm_bank_code", { bankCode: bank.code }) });
  return db.transaction(async (tx) => {
    const [locked] = await lockControls(tx, [bank.id], body.control);
    if (!locked) throw new Invalid("This bank has no such control.", { control: fieldError("unknown_control") });
    if (locked.state === body.toState) throw new Conflict(`The ${body.control} control of ${bank.code} is already ${body.toState}.`);
    if (!isTightening(locked.state, body.toState))
      throw new Invalid("This moves the control towards open.", {
        toState: fieldError("towards_open", { current: locked.state }),
      });
    const [changed] = await writeChange(tx, {
      bankIds: [bank.id],
      control: body.control,
      toState: body.toState,
      reason: body.reason,
      fromStates: new Map([[bank.id, locked.state]]),
      changedBy: actor.userId,
    });
    const cancelled = await cancelOpenLoosenings(tx, [bank.id], body.control, actor.userId);
    await writeAudit(tx, actor, {
      action: "control.tightened",
      entityType: "bank_control",
      entityId: controlEntityId(bank.code, body.control),
      bankId: bank.id,
      before: { state: locked.state, version: locked.version },
      after: { state: body.toState, version: changed!.version, reason: body.reason, cancelledRequests: cancelled.map((c) => c.id) },
    });
    return {
      bankCode: bank.code,
      control: body.control,
      fromState: locked.state,
      toState: body.toState,
      version: changed!.version,
      changedAt: changed!.changedAt.toISOString(),
      cancelledRequests: cancelled.length,
    };
  });
}

/**
 * The carrier tightens one control at many banks (or all) with one reason, in one transaction:
 * all of them change or none does. A bank already at that state or stricter stays as it is and is
 * listed as such. The confirmation is the number of banks the change names, typed by hand.
 */
export async function bulkTighten(actor: Actor, input: z.input<typeof bulkTightenRequest>): Promise<BulkResult> {
  assertCan(actor, "controls.tighten");
  if (actor.bankId !== null) throw new Forbidden("Only the carrier changes controls at many banks at once.");
  const body = bulkTightenRequest.parse(input);
  const db = await getDb();
  const banks = await resolveBulkBanks(db, body.bankCodes);
  if (body.confirmCount !== banks.length)
    throw new Invalid("The confirmation does not match the number of banks.", { confirmCount: fieldError("confirm_count", { count: banks.length }) });

  return db.transaction(async (tx) => {
    const locked = await lockControls(
      tx,
      banks.map((b) => b.id),
      body.control,
    );
    const before = new Map(locked.map((l) => [l.bankId, l]));
    const changing = locked.filter((l) => stateRank(l.state) < stateRank(body.toState)).map((l) => l.bankId);
    const changed = await writeChange(tx, {
      bankIds: changing,
      control: body.control,
      toState: body.toState,
      reason: body.reason,
      fromStates: new Map(locked.map((l) => [l.bankId, l.state])),
      changedBy: actor.userId,
    });
    const cancelled = await cancelOpenLoosenings(tx, changing, body.control, actor.userId);
    const versionOf = new Map(changed.map((c) => [c.bankId, c.version]));
    for (const b of banks) {
      if (!versionOf.has(b.id)) continue;
      await writeAudit(tx, actor, {
        action: "control.tightened",
        entityType: "bank_control",
        entityId: controlEntityId(b.code, body.control),
        bankId: b.id,
        before: { state: before.get(b.id)?.state, version: before.get(b.id)?.version },
        after: {
          state: body.toState,
          version: versionOf.get(b.id),
          reason: body.reason,
          bulk: { banks: banks.length, changed: changing.length },
          cancelledRequests: cancelled.filter((c) => c.bankId === b.id).map((c) => c.id),
        },
      });
    }
    return {
      control: body.control,
      toState: body.toState,
      changed: changed.length,
      unchanged: banks.length - changed.length,
      banks: banks.map((b) => {
        const was = before.get(b.id)?.state ?? "open";
        const version = versionOf.get(b.id);
        return {
          bankCode: b.code,
          nameJa: b.nameJa,
          nameEn: b.nameEn,
          outcome: version === undefined ? ("already" as const) : ("changed" as const),
          fromState: was,
          state: version === undefined ? was : body.toState,
          version: version ?? before.get(b.id)?.version ?? 0,
        };
      }),
    };
  });
}

