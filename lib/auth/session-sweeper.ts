import "server-only";
import { getDb } from "@/db";
import { log } from "@/lib/http/log";
import { startPeriodic, stopPeriodic } from "@/lib/periodic";
import { endLapsedSessions } from "./sessions";

/**
 * Ends and audits, once a minute (LINKGUARD_SESSION_SWEEP_MS), the sessions that lapsed while
 * nobody presented them (lib/auth/sessions.ts endLapsedSessions): so the audit log has the end of
 * every session, not only of those someone tried to use again. Safe in several processes at once.
 */
export function startSessionSweeper(intervalMs = Number(process.env.LINKGUARD_SESSION_SWEEP_MS ?? 60_000)): void {
  startPeriodic("session-sweeper", intervalMs, "session sweep failed, retrying next tick", async () => {
    const n = await endLapsedSessions(await getDb());
    if (n > 0) log("info", "lapsed sessions ended", { count: n });
  });
}

export function stopSessionSweeper(): void {
  stopPeriodic("session-sweeper");
}
