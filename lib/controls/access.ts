import "server-only";
import type { Actor, StaffActor } from "@/lib/auth/actor";
import { assertCan, can } from "@/lib/auth/policy";
import { Forbidden } from "@/lib/errors";

/**
 * Who may do what with controls, beyond the role table: service keys act through the 'controls'
 * scope (they may read and request a loosening, never tighten, approve or reject).
 */
export function mayReadControls(actor: Actor): boolean {
  return actor.kind === "staff" ? can(actor, "controls.read") : actor.scopes.includes("controls");
}

export function assertMayReadControls(actor: Actor): void {
  if (!mayReadControls(actor)) throw new Forbidden(actor.kind === "staff" ? "Your role does not allow controls.read." : "The API key lacks the 'controls' scope.");
}

export function mayRequestLoosening(actor: Actor): boolean {
  return actor.kind === "staff" ? can(actor, "controls.request_loosening") : actor.scopes.includes("controls");
}

export function assertMayRequestLoosening(actor: Actor): void {
  if (!mayRequestLoosening(actor))
    throw new Forbidden(actor.kind === "staff" ? "Your role does not allow controls.request_loosening." : "The API key lacks the 'controls' scope.");
}

/** Approving and rejecting are a person's decision: an API key never decides, whatever its scopes. */
export function assertMayDecide(actor: Actor): asserts actor is StaffActor {
  if (actor.kind !== "staff") throw new Forbidden("An API key never approves or rejects a loosening: a manager decides.");
  assertCan(actor, "controls.approve_loosening");
}

export type ApproveBlock = "own_request" | "not_manager" | "needs_carrier" | "api_key" | "not_pending";

/**
 * The rule of the second person: never the requester (admins included); a bank's request is
 * decided by a carrier manager; the carrier's request about a bank by that bank's managers or
 * another carrier manager. Null when the actor may decide.
 */
export function approveBlockedBy(
  actor: Actor,
  req: { bankId: string; status: string; requestedBy: string | null; requestedByOrgKind: "carrier" | "bank" },
): ApproveBlock | null {
  if (actor.kind !== "staff") return "api_key";
  if (!can(actor, "controls.approve_loosening")) return "not_manager";
  if (req.requestedBy !== null && req.requestedBy === actor.userId) return "own_request";
  if (req.status !== "pending") return "not_pending";
  if (actor.bankId === null) return null;
  if (req.requestedByOrgKind === "carrier" && actor.bankId === req.bankId) return null;
  return "needs_carrier";
}

export const APPROVE_BLOCK_MESSAGES: Record<ApproveBlock, string> = {
  own_request: "Nobody approves or rejects their own request, administrators included: another manager decides.",
  not_manager: "Your role does not allow controls.approve_loosening.",
  needs_carrier: "A bank's own request is decided by the carrier: a carrier manager approves it.",
  api_key: "An API key never approves or rejects a loosening: a manager decides.",
  not_pending: "The request is no longer waiting for a decision.",
};

/** The requester (the same person, or the same API key) edits and cancels their request. */
export function isRequester(actor: Actor, req: { requestedBy: string | null; requestedByApiKey: string | null }): boolean {
  return actor.kind === "staff" ? req.requestedBy === actor.userId : req.requestedByApiKey === actor.apiKeyId;
}
