import "server-only";
import type { DatabaseHandle } from "@/db";
import { startControlSnapshot, stopControlSnapshot } from "@/lib/controls/snapshot";
import { log } from "@/lib/http/log";
import { stopDecisionCounters } from "./counters";

/**
 * Called once by the server at start-up (lib/startup.ts): loads the control snapshot before the
 * first decision arrives, and on SIGTERM/SIGINT writes the counted decisions and closes the
 * listening connection (Next's own handler exits the process after closing the server).
 */
export async function startDecisionRuntime(handle: DatabaseHandle): Promise<void> {
  await startControlSnapshot(handle);
  const shutdown = () => {
    void Promise.allSettled([stopDecisionCounters(), stopControlSnapshot()]);
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
  log("info", "decision snapshot ready", { driver: handle.driver });
}
