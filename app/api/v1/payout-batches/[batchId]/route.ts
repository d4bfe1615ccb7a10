import { reimbursementsRoutes } from "@/lib/reimbursements/openapi";
import { payoutBatch } from "@/lib/reimbursements/payouts";
import { apiRoute } from "@/lib/http/route";

/** One payout batch with its lines. */
export const GET = apiRoute(reimbursementsRoutes.payoutBatch, async ({ actor, params }) => payoutBatch(actor, params.batchId));
