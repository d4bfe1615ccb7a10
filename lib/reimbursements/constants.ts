/** The reimbursements' names the page needs without zod (lib/reimbursements/schemas.ts re-exports them). */
export const REIMBURSEMENT_STATUSES = ["pending", "approved", "rejected", "cancelled", "sent", "paid"] as const;
export type ReimbursementStatusName = (typeof REIMBURSEMENT_STATUSES)[number];

/** The page's queues: waiting for the viewer's approval, approved to pay, sent, paid, rejected. */
export const REIMBURSEMENT_QUEUES = ["waiting_for_me", "approved", "sent", "paid", "rejected"] as const;
export type ReimbursementQueue = (typeof REIMBURSEMENT_QUEUES)[number];
