import type { ApiKeyScope, OrgKind, Role } from "@/db/schema";

/** Where a request came from: carried into every audit entry. */
export interface RequestMeta {
  requestId: string;
  ip: string | null;
  userAgent?: string | null;
}

interface ActorBase {
  orgId: string;
  orgKind: OrgKind;
  /** The actor's bank, or null for the carrier (who sees every bank). */
  bankId: string | null;
  bankCode: string | null;
  orgNameJa: string;
  orgNameEn: string;
  request: RequestMeta;
}

/**
 * The organisation fields of an actor, from its organisations row: a bank's own staff and keys are
 * scoped to it (bankId); the carrier's see every bank (bankId null). The one place this is decided.
 */
export function actorOrg(org: { id: string; kind: OrgKind; bankCode: string | null; nameJa: string; nameEn: string }): Omit<ActorBase, "request"> {
  return {
    orgId: org.id,
    orgKind: org.kind,
    bankId: org.kind === "bank" ? org.id : null,
    bankCode: org.bankCode,
    orgNameJa: org.nameJa,
    orgNameEn: org.nameEn,
  };
}

export interface StaffActor extends ActorBase {
  kind: "staff";
  userId: string;
  sessionId: string;
  email: string;
  displayName: string;
  roles: Role[];
}

export interface ServiceActor extends ActorBase {
  kind: "service";
  apiKeyId: string;
  keyName: string;
  scopes: ApiKeyScope[];
}

export type Actor = StaffActor | ServiceActor;

export function actorLabel(actor: Actor): string {
  return actor.kind === "staff" ? actor.email : `api-key:${actor.keyName}`;
}

export function isCarrier(actor: Actor): boolean {
  return actor.orgKind === "carrier";
}

/** The system itself (seed, scheduled jobs): used only by scripts, never by a request. */
export const SYSTEM_REQUEST: RequestMeta = { requestId: "system", ip: null };
