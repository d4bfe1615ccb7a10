import "server-only";
import { getDb } from "@/db";
import { log } from "@/lib/http/log";
import { applyDueRequests } from "./requests";

type GlobalWithScheduler = typeof globalThis & { __linkguardControlScheduler?: ReturnType<typeof setInterval> };
const g = globalThis as GlobalWithScheduler;

/**
 * Applies approved, scheduled loosenings when they fall due: every few seconds in each server
 * process (LINKGUARD_CONTROL_SCHEDULER_MS, default 5000), so a scheduled loosening reaches the
 * decision snapshot within that interval even if nobody opens the Controls page. Only one process
 * runs a pass at a time (an advisory lock, see applyDueRequests); the others skip their turn. It is
 * the only caller: reads of the controls never apply anything.
 */
export function startControlScheduler(intervalMs = Number(process.env.LINKGUARD_CONTROL_SCHEDULER_MS ?? 5_000)): void {
  if (g.__linkguardControlScheduler || !(intervalMs > 0)) return;
  let running = false;
  g.__linkguardControlScheduler = setInterval(() => {
    if (running) return;
    running = true;
    getDb()
      .then((db) => applyDueRequests(db))
      .then((pass) => {
        if (pass.applied + pass.cancelled > 0) log("info", "scheduled loosenings applied", { applied: pass.applied, cancelled: pass.cancelled });
      })
      .catch((e: Error) => log("warn", "scheduled loosenings: pass failed, retrying next tick", { err: e.message }))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  g.__linkguardControlScheduler.unref?.();
}

export function stopControlScheduler(): void {
  if (g.__linkguardControlScheduler) clearInterval(g.__linkguardControlScheduler);
  g.__linkguardControlScheduler = undefined;
}
