import "server-only";
import { pingDatabase } from "@/db";
import { controlSnapshotHealth } from "@/lib/controls/snapshot";

/**
 * Liveness and readiness, for load balancers and orchestrators:
 *  - live (`?probe=live`): the process answers; nothing else is asked (never restart a server
 *    because its database is away: it recovers by itself);
 *  - ready (the default): the database answers `select 1` within HEALTH_TIMEOUT_MS, and the
 *    decision snapshot, where this process keeps one, is fresh. 503 otherwise, with each check's
 *    state, so traffic goes to a process that can answer in full.
 * During an outage a process that is not ready still answers decisions (deny, controls_unavailable)
 * and 503s elsewhere; readiness only says it cannot do everything.
 */
const HEALTH_TIMEOUT_MS = 2_000;

export interface Health {
  /** "ok" when ready. */
  status: "ok" | "unavailable";
  live: true;
  ready: boolean;
  /** The driver, or "unreachable". */
  database: "pglite" | "postgres" | "unreachable";
  latencyMs?: number;
  checks: {
    database: { state: "up" | "down"; driver?: "pglite" | "postgres"; latencyMs?: number };
    /** not_running: this process keeps no snapshot (it answers no decisions). */
    decisions: { state: "fresh" | "stale" | "not_loaded" | "not_running"; snapshotAgeMs: number | null; graceMs: number | null };
  };
  time: string;
}

export interface Liveness {
  status: "ok";
  live: true;
  time: string;
}

export function checkLiveness(): Liveness {
  return { status: "ok", live: true, time: new Date().toISOString() };
}

export async function checkHealth(): Promise<Health> {
  const ping = await pingDatabase(HEALTH_TIMEOUT_MS);
  const database: Health["checks"]["database"] = ping ? { state: "up", ...ping } : { state: "down" };
  const snapshot = controlSnapshotHealth();
  const decisions: Health["checks"]["decisions"] = snapshot
    ? {
        state: !snapshot.loaded ? "not_loaded" : snapshot.fresh ? "fresh" : "stale",
        snapshotAgeMs: Number.isFinite(snapshot.ageMs) ? Math.round(snapshot.ageMs) : null,
        graceMs: snapshot.graceMs,
      }
    : { state: "not_running", snapshotAgeMs: null, graceMs: null };
  const ready = database.state === "up" && (decisions.state === "fresh" || decisions.state === "not_running");
  return {
    status: ready ? "ok" : "unavailable",
    live: true,
    ready,
    database: database.driver ?? "unreachable",
    ...(database.latencyMs !== undefined ? { latencyMs: database.latencyMs } : {}),
    checks: { database, decisions },
    time: new Date().toISOString(),
  };
}

/** GET /api/health[?probe=live]: the status code and body, for both servers. */
export async function healthAnswer(search: string): Promise<{ status: number; body: Health | Liveness }> {
  if (new URLSearchParams(search).get("probe") === "live") return { status: 200, body: checkLiveness() };
  const health = await checkHealth();
  return { status: health.ready ? 200 : 503, body: health };
}
