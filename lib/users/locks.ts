import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db";
import { users } from "@/db/schema";

/**
 * Locks an organisation's active administrators, in id order and before any other row of a staff
 * change (the target person, then a role grant), so two admins changing each other at the same
 * moment queue instead of deadlocking, and the second sees the first one's change. Without the
 * lock, two admins disabling each other could both succeed, or approve a grant one of them lost.
 */
export async function lockActiveAdmins(tx: Tx, orgId: string): Promise<string[]> {
  const admins = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.status, "active"), sql`'admin'::role = any(${users.roles})`))
    .orderBy(asc(users.id))
    .for("update");
  return admins.map((a) => a.id);
}
