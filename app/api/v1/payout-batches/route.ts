import { reimbursementsRoutes } from "@/lib/reimbursements/openapi";
import { createPayoutBatch, listPayoutBatches } from "@/lib/reimbursements/payouts";
import { apiRoute } from "@/lib/http/route";

/** The payout batches, newest first (the carrier's managers). */
export const GET = apiRoute(reimbursementsRoutes.listPayoutBatches, async ({ actor, query }) => listPayoutBatches(actor, query));
/** Approved reimbursements paid in one zengin transfer file; they are marked sent; audited. */
export const POST = apiRoute(reimbursementsRoutes.createPayoutBatch, async ({ actor, body }) => createPayoutBatch(actor, body));
