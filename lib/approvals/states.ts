/**
 * The states of anything that waits for a second person (a control loosening, a role grant, and
 * next a reimbursement). Pure: the client and the OpenAPI document share these.
 *
 *   pending ──approve──> applied            (due now: applied in the approving transaction)
 *      │      └────────> approved ──due──> applied   (scheduled: applied when its time comes)
 *      ├──reject──> rejected
 *      ├──cancel──> cancelled               (the requester withdraws, or the area voids it)
 *      └──revise──> pending, revision + 1   (an approved one goes back to pending: the approval is void)
 */
export const APPROVAL_STATUSES = ["pending", "approved", "rejected", "applied", "cancelled"] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/** Still open: the requester may revise or cancel it; an approved one may still be voided. */
export const OPEN_APPROVAL_STATUSES = ["pending", "approved"] as const satisfies readonly ApprovalStatus[];

export function isOpen(status: ApprovalStatus): boolean {
  return status === "pending" || status === "approved";
}

/**
 * Why the viewer may not decide, the same for every area: an API key never decides; nobody decides
 * their own request; only a pending request is decided. Each area adds its own reasons (a role it
 * lacks, the organisation that must decide).
 */
export type ApprovalBlockBase = "api_key" | "own_request" | "not_pending";
