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

interface Pending {
  bankId: string;
  operation: "link" | "charge";
  outcome: "allow" | "deny";
  bucketStart: number;
  count: number;
}

interface CounterState {
  pending: Map<string, Pending>;
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

function add(p: Omit<Pending, "count">, n: number): void {
  const key = `${p.bankId}|${p.operation}|${p.outcome}|${p.bucketStart}`;
  const entry = state.pending.get(key);
  if (entry) entry.count += n;
  else state.pending.set(key, { ...p, count: n });
}

/** Counts one decision (in memory; the hot path never touches the database). */
export function countDecision(handle: DatabaseHandle, bankId: string, operation: "link" | "charge", outcome: "allow" | "deny", at = Date.now()): void {
  if (state.handle !== handle) {
    // Another database now (tests swap them): what was counted for the old one is written there.
    const old = state.handle;
    const batch = [...state.pending.values()];
    state.pending = new Map();
    state.handle = handle;
    if (old && batch.length) void write(old, batch).catch(() => undefined);
  }
  add({ bankId, operation, outcome, bucketStart: at - (at % MINUTE) }, 1);
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
  const batch = [...state.pending.values()];
  state.pending = new Map();
  state.flushing = (async () => {
    try {
      await write(handle, batch);
    } catch (e) {
      // Kept for the next flush, unless the database they belong to has been replaced.
      if (state.handle === handle) for (const p of batch) add(p, p.count);
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
