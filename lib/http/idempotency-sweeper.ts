import "server-only";
import { getDb } from "@/db";
import { startPeriodic, stopPeriodic } from "@/lib/periodic";
import { sweepIdempotencyKeys } from "./idempotency";
import { log } from "./log";

/**
 * Removes the Idempotency-Keys older than 24 hours (lib/http/idempotency.ts sweepIdempotencyKeys)
 * every LINKGUARD_IDEMPOTENCY_SWEEP_MS (default 10 minutes) in each console process; one sweep runs
 * at a time across all of them (an advisory lock), the others skip their turn.
 */
export function startIdempotencySweeper(intervalMs = Number(process.env.LINKGUARD_IDEMPOTENCY_SWEEP_MS ?? 600_000)): void {
  startPeriodic("idempotency-sweeper", intervalMs, "idempotency key sweep failed, retrying next tick", async () => {
    const sweep = await sweepIdempotencyKeys(await getDb());
    if (sweep.deleted > 0) log("info", "idempotency keys older than 24 hours removed", { count: sweep.deleted });
  });
}

export function stopIdempotencySweeper(): void {
  stopPeriodic("idempotency-sweeper");
}
