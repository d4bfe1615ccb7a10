import { reimbursementsRoutes } from "@/lib/reimbursements/openapi";
import { approveReimbursement } from "@/lib/reimbursements/service";
import { apiRoute } from "@/lib/http/route";

/** A manager, not the maker, approves with a fresh one-time password; audited. */
export const POST = apiRoute(reimbursementsRoutes.approve, async ({ actor, params, body }) => approveReimbursement(actor, params.reimbursementId, body));
