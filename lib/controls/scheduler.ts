import "server-only";
import { getDb } from "@/db";
import { log } from "@/lib/http/log";
import { startPeriodic, stopPeriodic } from "@/lib/periodic";
import { applyDueRequests } from "./requests";

/**
 * Applies approved, scheduled loosenings when they fall due: every few seconds in each server
 * process (LINKGUARD_CONTROL_SCHEDULER_MS, default 5000), so a scheduled loosening reaches the
 * decision snapshot within that interval even if nobody opens the Controls page. Only one process
 * runs a pass at a time (an advisory lock, see applyDueRequests); the others skip their turn. It is
 * the only caller: reads of the controls never apply anything.
 */
export function startControlScheduler(intervalMs = Number(process.env.LINKGUARD_CONTROL_SCHEDULER_MS ?? 5_000)): void {
  startPeriodic("control-scheduler", intervalMs, "scheduled loosenings: pass failed, retrying next tick", async () => {
    const pass = await applyDueRequests(await getDb());
    if (pass.applied + pass.cancelled > 0) log("info", "scheduled loosenings applied", { applied: pass.applied, cancelled: pass.cancelled });
  });
}

export function stopControlScheduler(): void {
  stopPeriodic("control-scheduler");
}
