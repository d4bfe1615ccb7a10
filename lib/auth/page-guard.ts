import "server-only";
import { notFound } from "next/navigation";
import type { StaffActor } from "./actor";
import { requireStaff } from "./current";
import { can, type Permission } from "./policy";

/** For pages: the signed-in actor holding `permission`, or the not-found page. */
export async function requirePermission(permission: Permission): Promise<StaffActor> {
  const actor = await requireStaff();
  if (!can(actor, permission)) notFound();
  return actor;
}
