import "server-only";
import { sql } from "drizzle-orm";
import { getDatabase } from "@/db";

export async function checkHealth(): Promise<{ status: "ok" | "unavailable"; database: string; latencyMs?: number; time: string }> {
  const started = performance.now();
  try {
    const handle = await Promise.race([
      getDatabase(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), 3_000)),
    ]);
    await Promise.race([
      handle.db.execute(sql`select 1`),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), 3_000)),
    ]);
    return { status: "ok", database: handle.driver, latencyMs: Math.round(performance.now() - started), time: new Date().toISOString() };
  } catch {
    return { status: "unavailable", database: "unreachable", time: new Date().toISOString() };
  }
}
