import "server-only";
import { log } from "@/lib/http/log";

type GlobalWithTimers = typeof globalThis & { __linkguardPeriodic?: Map<string, ReturnType<typeof setInterval>> };
const g = globalThis as GlobalWithTimers;

/**
 * Work that runs on a clock in each console process (scheduled loosenings, lapsed sessions, old
 * Idempotency-Keys): `pass` every `intervalMs`, at most one at a time in this process (a tick that
 * finds the last pass still running is skipped), a failed pass logged (`failed`) and tried again at
 * the next tick. Started once per name per process (the timer lives on globalThis, so a module loaded
 * twice does not start it twice); `intervalMs` 0 or less starts nothing. Several processes may run
 * the same work: the pass itself decides, under an advisory lock where it must, who does it.
 */
export function startPeriodic(name: string, intervalMs: number, failed: string, pass: () => Promise<void>): void {
  const timers = (g.__linkguardPeriodic ??= new Map());
  if (timers.has(name) || !(intervalMs > 0)) return;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    pass()
      .catch((e: Error) => log("warn", failed, { err: e.message }))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref?.();
  timers.set(name, timer);
}

export function stopPeriodic(name: string): void {
  const timer = g.__linkguardPeriodic?.get(name);
  if (timer) clearInterval(timer);
  g.__linkguardPeriodic?.delete(name);
}
