import "server-only";
import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "@/db";
import { decisionCounters } from "@/db/schema";
import { log } from "@/lib/http/log";

/**
 * Decisions are counted in memory per bank, operation, outcome and minute, and written every
 * LINKGUARD_COUNTERS_FLUSH_MS (default 1000) with ONE upsert that adds to decision_counters, never
 * a write per request. A failed write keeps the counts for the next flush. A process killed
 * between two flushes loses at most that interval's counts (the server flushes on SIGTERM/SIGINT).
 *
 * "Attempts blocked since the last change" (the Controls page) reads these counters; the one
 * query lives with the controls (lib/controls/blocked.ts) and is re-exported here.
 */
export { blockedSinceLastChange, type BlockedCounts } from "@/lib/controls/blocked";

const MINUTE = 60_000;

type Operation = "link" | "charge";
type Outcome = "allow" | "deny";

/** One row of decision_counters: what is written. */
interface Pending {
  bankId: string;
  operation: Operation;
  outcome: Outcome;
  bucketStart: number;
  count: number;
}

/** The four counts of a bank in a minute, in this order. */
const SLOTS: ReadonlyArray<readonly [Operation, Outcome]> = [
  ["link", "allow"],
  ["link", "deny"],
  ["charge", "allow"],
  ["charge", "deny"],
];
const slotOf = (operation: Operation, outcome: Outcome) => (operation === "link" ? 0 : 2) + (outcome === "allow" ? 0 : 1);

/**
 * Minute → bank id → the four counts. Counting a decision allocates nothing once the bank has been
 * counted in that minute (the decision path's common case).
 */
type Counts = Map<number, Map<string, number[]>>;

interface CounterState {
  pending: Counts;
  timer: NodeJS.Timeout | null;
  flushing: Promise<void> | null;
  /** The database the counts belong to (tests swap databases). */
  handle: DatabaseHandle | null;
}

type GlobalWithCounters = typeof globalThis & { __linkguardDecisionCounters?: CounterState };
const g = globalThis as GlobalWithCounters;
const state: CounterState = (g.__linkguardDecisionCounters ??= { pending: new Map(), timer: null, flushing: null, handle: null });

function flushEveryMs(): number {
  const v = Number(process.env.LINKGUARD_COUNTERS_FLUSH_MS);
  return Number.isFinite(v) && v > 0 ? v : 1_000;
}

function add(bankId: string, slot: number, bucketStart: number, n: number): void {
  let banks = state.pending.get(bucketStart);
  if (!banks) state.pending.set(bucketStart, (banks = new Map()));
  let counts = banks.get(bankId);
  if (!counts) banks.set(bankId, (counts = [0, 0, 0, 0]));
  counts[slot]! += n;
}

/** The counts as rows, and nothing left pending. */
function takePending(): Pending[] {
  const rows: Pending[] = [];
  for (const [bucketStart, banks] of state.pending) {
    for (const [bankId, counts] of banks) {
      counts.forEach((count, slot) => {
        if (count > 0) rows.push({ bankId, operation: SLOTS[slot]![0], outcome: SLOTS[slot]![1], bucketStart, count });
      });
    }
  }
  state.pending = new Map();
  return rows;
}

/** Counts one decision (in memory; the hot path never touches the database). */
export function countDecision(handle: DatabaseHandle, bankId: string, operation: Operation, outcome: Outcome, at = Date.now()): void {
  if (state.handle !== handle) {
    // Another database now (tests swap them): what was counted for the old one is written there.
    const old = state.handle;
    const batch = takePending();
    state.handle = handle;
    if (old && batch.length) void write(old, batch).catch(() => undefined);
  }
  add(bankId, slotOf(operation, outcome), at - (at % MINUTE), 1);
  if (!state.timer) {
    state.timer = setInterval(() => void flushDecisionCounters(), flushEveryMs());
    state.timer.unref();
  }
}

async function write(handle: DatabaseHandle, batch: Pending[]): Promise<void> {
  await handle.db
    .insert(decisionCounters)
    .values(batch.map((p) => ({ bankId: p.bankId, operation: p.operation, outcome: p.outcome, bucketStart: new Date(p.bucketStart), count: p.count })))
    .onConflictDoUpdate({
      target: [decisionCounters.bankId, decisionCounters.operation, decisionCounters.outcome, decisionCounters.bucketStart],
      set: { count: sql`${decisionCounters.count} + excluded.count` },
    });
}

/** Writes the pending counts with one upsert. Safe to call at any time; concurrent calls share one write. */
export async function flushDecisionCounters(): Promise<void> {
  if (state.flushing) await state.flushing;
  const handle = state.handle;
  if (!handle || state.pending.size === 0) return;
  const batch = takePending();
  if (batch.length === 0) return;
  state.flushing = (async () => {
    try {
      await write(handle, batch);
    } catch (e) {
      // Kept for the next flush, unless the database they belong to has been replaced.
      if (state.handle === handle) for (const p of batch) add(p.bankId, slotOf(p.operation, p.outcome), p.bucketStart, p.count);
      log("warn", "decision counters: flush failed", { err: (e as Error).message, kept: batch.length });
    } finally {
      state.flushing = null;
    }
  })();
  return state.flushing;
}

/** Stops the timer after a last flush (shutdown, tests). */
export async function stopDecisionCounters(): Promise<void> {
  if (state.timer) clearInterval(state.timer);
  state.timer = null;
  await state.flushing;
  await flushDecisionCounters();
}
