import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Queryable } from "@/db";
import { signInThrottle } from "@/db/schema";

/** After this many failures in a row the e-mail is locked for LOCK_MINUTES. */
export const MAX_FAILURES = Number(process.env.LINKGUARD_MAX_SIGNIN_FAILURES ?? 5);
export const LOCK_MINUTES = Number(process.env.LINKGUARD_LOCK_MINUTES ?? 15);

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function lockedUntil(db: Queryable, email: string): Promise<Date | null> {
  const [row] = await db.select().from(signInThrottle).where(eq(signInThrottle.email, email));
  if (row?.lockedUntil && row.lockedUntil > new Date()) return row.lockedUntil;
  return null;
}

/** Counts a failure; returns how many in a row, and whether this one locked the e-mail. */
export async function recordFailure(db: Queryable, email: string): Promise<{ failures: number; locked: boolean }> {
  const [row] = await db
    .insert(signInThrottle)
    .values({ email, failures: 1, lastFailureAt: new Date() })
    .onConflictDoUpdate({
      target: signInThrottle.email,
      set: {
        // A lock that has run out starts the count again.
        failures: sql`case when ${signInThrottle.lockedUntil} is not null and ${signInThrottle.lockedUntil} <= now() then 1 else ${signInThrottle.failures} + 1 end`,
        lastFailureAt: sql`now()`,
        lockedUntil: sql`case when ${signInThrottle.lockedUntil} is not null and ${signInThrottle.lockedUntil} <= now() then null else ${signInThrottle.lockedUntil} end`,
      },
    })
    .returning({ failures: signInThrottle.failures });
  const failures = row?.failures ?? 1;
  if (failures >= MAX_FAILURES) {
    await db
      .update(signInThrottle)
      .set({ lockedUntil: sql`now() + make_interval(mins => ${LOCK_MINUTES})` })
      .where(eq(signInThrottle.email, email));
    return { failures, locked: true };
  }
  return { failures, locked: false };
}

export async function clearFailures(db: Queryable, email: string): Promise<void> {
  await db.delete(signInThrottle).where(eq(signInThrottle.email, email));
}

/** Each failure in a row answers a little later: 0.25 s, 0.5 s, 1 s, 2 s… */
export function failureDelayMs(failures: number): number {
  if (process.env.LINKGUARD_NO_SIGNIN_DELAY === "1") return 0;
  return Math.min(250 * 2 ** Math.max(0, failures - 1), 4_000);
}
