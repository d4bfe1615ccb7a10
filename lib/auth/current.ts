import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import type { StaffActor } from "./actor";
import { auth } from "./auth";
import { requestMetaFrom } from "./request-meta";
import { loadSessionActor } from "./sessions";

/** The signed-in staff member behind this request's cookie, checked against the database. */
export async function currentStaff(): Promise<StaffActor | null> {
  const session = await auth();
  const sid = (session as { sid?: string } | null)?.sid;
  if (!sid) return null;
  const loaded = await loadSessionActor(await getDb(), sid, requestMetaFrom(await headers()));
  return "actor" in loaded ? loaded.actor : null;
}

/** For pages: the actor, or a redirect to the sign-in page. */
export async function requireStaff(): Promise<StaffActor> {
  const actor = await currentStaff();
  if (!actor) redirect("/sign-in");
  return actor;
}
