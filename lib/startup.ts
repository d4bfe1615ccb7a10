import { getDatabase } from "@/db";
import { migrateDatabase } from "@/db/migrate";
import { isEmpty, seedDemo } from "@/db/seed";
import { trustedProxies } from "@/lib/auth/client-address";
import { log } from "@/lib/http/log";

/**
 * Runs once when the server starts: refuses to run without AUTH_SECRET in production, opens the
 * database (PGlite refuses a folder another process holds), applies migrations, and seeds an empty
 * embedded database with the demo data.
 */
export function startUp(): Promise<void> {
  // The production server waits for it before it listens (scripts/server.mjs).
  const g = globalThis as typeof globalThis & { __linkguardStarted?: Promise<void> };
  return (g.__linkguardStarted ??= start());
}

async function start(): Promise<void> {
  if (process.env.NODE_ENV === "production" && !process.env.AUTH_SECRET) {
    log("error", "AUTH_SECRET is not set: refusing to start. Set it, or use `npm start`, which generates one into ./data.");
    process.exit(1);
  }
  try {
    trustedProxies(); // a LINKGUARD_TRUSTED_PROXIES that does not parse refuses the start
  } catch (e) {
    log("error", (e as Error).message);
    process.exit(1);
  }
  try {
    const handle = await getDatabase();
    await migrateDatabase(handle);
    const seedOnEmpty = process.env.LINKGUARD_SEED_ON_EMPTY ?? (handle.driver === "pglite" ? "1" : "0");
    if (seedOnEmpty === "1" && (await isEmpty(handle.db))) {
      log("info", "empty database: writing the demo data set");
      await seedDemo(handle, { scale: Number(process.env.LINKGUARD_SEED_SCALE ?? 1) });
    }
    log("info", "database ready", { driver: handle.driver });
    await (await import("@/lib/decisions/runtime")).startDecisionRuntime(handle);
    (await import("@/lib/controls/scheduler")).startControlScheduler(); // scheduled loosenings apply when due
    (await import("@/lib/auth/session-sweeper")).startSessionSweeper(); // lapsed sessions end, audited
    (await import("@/lib/http/idempotency-sweeper")).startIdempotencySweeper(); // Idempotency-Keys older than 24 hours go
    // The production server (scripts/server.mjs) answers these before Next's router
    // (LINKGUARD_FAST_PATH=0 leaves them to Next: the benchmark's comparison).
    if (process.env.LINKGUARD_FAST_PATH !== "0") (await import("@/lib/http/fast-routes")).publishFastRoutes();
  } catch (e) {
    log("error", "database start-up failed", { err: (e as Error).message });
    process.exit(1);
  }
}
