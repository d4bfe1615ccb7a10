import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import type { StaffActor } from "./actor";
import { requestMetaFrom } from "./request-meta";
import { sessionIdFrom } from "./session-cookie";
import { loadSessionActor } from "./sessions";

/** The signed-in staff member behind this request's cookie, checked against the database. */
export async function currentStaff(): Promise<StaffActor | null> {
  const h = await headers();
  const sid = await sessionIdFrom(h);
  if (!sid) return null;
  const loaded = await loadSessionActor(await getDb(), sid, requestMetaFrom(h));
  return "actor" in loaded ? loaded.actor : null;
}

/** For pages: the actor, or a redirect to the sign-in page. */
export async function requireStaff(): Promise<StaffActor> {
  const actor = await currentStaff();
  if (!actor) redirect("/sign-in");
  return actor;
}
