import { reimbursementsRoutes } from "@/lib/reimbursements/openapi";
import { markPaymentPaid } from "@/lib/reimbursements/payments";
import { apiRoute } from "@/lib/http/route";

/** The bank paid this transfer of the batch (its reference); the reimbursement is paid; audited. */
export const POST = apiRoute(reimbursementsRoutes.paymentPaid, async ({ actor, params, body }) => markPaymentPaid(actor, params.batchId, params.reimbursementId, body));
