import "server-only";
import { getDb } from "@/db";
import { log } from "@/lib/http/log";
import { endLapsedSessions } from "./sessions";

type GlobalWithSweeper = typeof globalThis & { __linkguardSessionSweeper?: ReturnType<typeof setInterval> };
const g = globalThis as GlobalWithSweeper;

/**
 * Ends and audits, once a minute (LINKGUARD_SESSION_SWEEP_MS), the sessions that lapsed while
 * nobody presented them (lib/auth/sessions.ts endLapsedSessions): so the audit log has the end of
 * every session, not only of those someone tried to use again. Safe in several processes at once.
 */
export function startSessionSweeper(intervalMs = Number(process.env.LINKGUARD_SESSION_SWEEP_MS ?? 60_000)): void {
  if (g.__linkguardSessionSweeper || !(intervalMs > 0)) return;
  let running = false;
  g.__linkguardSessionSweeper = setInterval(() => {
    if (running) return;
    running = true;
    getDb()
      .then((db) => endLapsedSessions(db))
      .then((n) => {
        if (n > 0) log("info", "lapsed sessions ended", { count: n });
      })
      .catch((e: Error) => log("warn", "session sweep failed, retrying next tick", { err: e.message }))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  g.__linkguardSessionSweeper.unref?.();
}

export function stopSessionSweeper(): void {
  if (g.__linkguardSessionSweeper) clearInterval(g.__linkguardSessionSweeper);
  g.__linkguardSessionSweeper = undefined;
}
