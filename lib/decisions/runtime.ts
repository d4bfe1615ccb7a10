import "server-only";
import type { DatabaseHandle } from "@/db";
import { startControlSnapshot, stopControlSnapshot } from "@/lib/controls/snapshot";
import { log } from "@/lib/http/log";
import { stopDecisionCounters } from "./counters";

/**
 * Called once by the server at start-up (lib/startup.ts): loads the control snapshot before the
 * first decision arrives, and on SIGTERM/SIGINT writes the counted decisions and closes the
 * listening connection (the production server, scripts/server.mjs, exits once that is done).
 */
export async function startDecisionRuntime(handle: DatabaseHandle): Promise<void> {
  await startControlSnapshot(handle);
  const shutdown = () => {
    // scripts/server.mjs waits for this before it exits.
    (globalThis as { __linkguardStopping?: Promise<unknown> }).__linkguardStopping = Promise.allSettled([stopDecisionCounters(), stopControlSnapshot()]);
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
  log("info", "decision snapshot ready", { driver: handle.driver });
}
