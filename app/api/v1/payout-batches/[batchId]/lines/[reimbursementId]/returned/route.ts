import { reimbursementsRoutes } from "@/lib/reimbursements/openapi";
import { markPaymentReturned } from "@/lib/reimbursements/payments";
import { apiRoute } from "@/lib/http/route";

/** The bank returned this transfer of the batch (the reason); the reimbursement is approved again; audited. */
export const POST = apiRoute(reimbursementsRoutes.paymentReturned, async ({ actor, params, body }) => markPaymentReturned(actor, params.batchId, params.reimbursementId, body));
