import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { users } from "@/db/schema";
import type { RequestMeta, StaffActor } from "@/lib/auth/actor";
import { createSession, loadSessionActor } from "@/lib/auth/sessions";

export const meta: RequestMeta = { requestId: "admin-test", ip: "192.0.2.10" };

/** A signed-in staff member as a request would see them: a real session, loaded and checked. */
export async function signedIn(db: Db, email: string): Promise<{ actor: StaffActor; sessionId: string }> {
  const [user] = await db.select().from(users).where(eq(users.email, email));
  if (!user) throw new Error(`no user ${email}`);
  const sessionId = await createSession(db, user, meta);
  const loaded = await loadSessionActor(db, sessionId, meta);
  if (!("actor" in loaded)) throw new Error(`session of ${email} is not live: ${loaded.problem}`);
  return { actor: loaded.actor, sessionId };
}

export async function actorOf(db: Db, email: string): Promise<StaffActor> {
  return (await signedIn(db, email)).actor;
}

export async function userId(db: Db, email: string): Promise<string> {
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (!user) throw new Error(`no user ${email}`);
  return user.id;
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejection(p: Promise<unknown>): Promise<Error & { status?: number; fields?: Record<string, { code: string; params?: Record<string, string | number> }> }> {
  try {
    await p;
  } catch (e) {
    return e as Error & { status?: number; fields?: Record<string, { code: string; params?: Record<string, string | number> }> };
  }
  throw new Error("expected the call to fail, but it succeeded");
}
