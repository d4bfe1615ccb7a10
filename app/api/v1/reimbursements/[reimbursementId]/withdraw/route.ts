import { reimbursementsRoutes } from "@/lib/reimbursements/openapi";
import { withdrawReimbursement } from "@/lib/reimbursements/service";
import { apiRoute } from "@/lib/http/route";

/** The maker withdraws a pending proposal; audited. */
export const POST = apiRoute(reimbursementsRoutes.withdraw, async ({ actor, params, body }) => withdrawReimbursement(actor, params.reimbursementId, body));
