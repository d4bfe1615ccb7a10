import "server-only";
import type { Actor, StaffActor } from "@/lib/auth/actor";
import { assertCan, can } from "@/lib/auth/policy";
import { decisionBlock } from "@/lib/approvals/engine";
import type { ApprovalBlockBase, ApprovalStatus } from "@/lib/approvals/states";
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

export type ApproveBlock = ApprovalBlockBase | "not_manager" | "needs_carrier";

/** The role that decides a loosening. */
export function looseningRoleBlock(actor: StaffActor): "not_manager" | null {
  return can(actor, "controls.approve_loosening") ? null : "not_manager";
}

/**
 * Who the second person is for a loosening (after the common rules of lib/approvals): a bank's
 * request is decided by a carrier manager; the carrier's request about a bank by that bank's
 * managers or another carrier manager.
 */
export function looseningCheckerBlock(actor: StaffActor, req: { bankId: string; requestedByOrgKind: "carrier" | "bank" }): "needs_carrier" | null {
  if (actor.bankId === null) return null;
  if (req.requestedByOrgKind === "carrier" && actor.bankId === req.bankId) return null;
  return "needs_carrier";
}

/** The whole rule, as the views show it: null when the actor may decide. */
export function approveBlockedBy(
  actor: Actor,
  req: { bankId: string; status: ApprovalStatus; requestedBy: string | null; requestedByOrgKind: "carrier" | "bank" },
): ApproveBlock | null {
  return decisionBlock(actor, req, { roleBlock: looseningRoleBlock, checkerBlock: (a) => looseningCheckerBlock(a, req) });
}

export const APPROVE_BLOCK_MESSAGES: Record<ApproveBlock, string> = {
  own_request: "Nobody approves or rejects their own request, administrators included: another manager decides.",
  not_manager: "Your role does not allow controls.approve_loosening.",
  needs_carrier: "A bank's own request is decided by the carrier: a carrier manager approves it.",
  api_key: "An API key never approves or rejects a loosening: a manager decides.",
  not_pending: "The request is no longer waiting for a decision.",
};
