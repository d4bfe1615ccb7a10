import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";

/**
 * Which cores the decision bench gives the servers and the load generator. In production the
 * wallet platform's requests come from other machines; on one machine a load generator sharing
 * the server's cores measures the scheduler as much as the server. So, where there are at least
 * two cores and `taskset` exists, every server under test (the floor included) runs on the last
 * core and the load generator on the first; PostgreSQL is left to the scheduler. BENCH_PIN=0
 * turns it off.
 */
export interface CpuPlan {
  server: string;
  load: string;
}

let plan: CpuPlan | null | undefined;

export function cpuPlan(): CpuPlan | null {
  if (plan !== undefined) return plan;
  const cores = os.cpus().length;
  const taskset = spawnSync("taskset", ["--version"], { stdio: "ignore" }).error === undefined;
  plan = process.env.BENCH_PIN !== "0" && cores >= 2 && taskset ? { server: String(cores - 1), load: "0" } : null;
  return plan;
}

/** The command prefix that runs a program on `cpus` (nothing without a plan). */
export function onCpus(cpus: string | undefined): string[] {
  return cpus ? ["taskset", "-c", cpus] : [];
}

/** Moves a running process (all its threads) to `cpus`. */
export function movePid(pid: number, cpus: string): void {
  spawnSync("taskset", ["-a", "-p", "-c", cpus, String(pid)], { stdio: "ignore" });
}

export function describePlan(): string {
  const p = cpuPlan();
  return p ? `servers on core ${p.server}, load generator on core ${p.load} (taskset)` : "servers and load generator share the cores (no taskset or one core)";
}

const CLOCK_TICKS = 100;

/** User + system CPU time of a process so far, in µs (Linux /proc; null elsewhere). */
export function cpuTimeUs(pid: number): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** The CPU time of several processes so far, in µs (those /proc no longer knows count nothing). */
export function cpuTimeOfUs(pids: number[]): number {
  return pids.reduce((sum, pid) => sum + (cpuTimeUs(pid) ?? 0), 0);
}
