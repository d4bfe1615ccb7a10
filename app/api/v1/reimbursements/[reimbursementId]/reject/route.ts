import { reimbursementsRoutes } from "@/lib/reimbursements/openapi";
import { rejectReimbursement } from "@/lib/reimbursements/service";
import { apiRoute } from "@/lib/http/route";

/** A manager, not the maker, rejects with a reason; audited. */
export const POST = apiRoute(reimbursementsRoutes.reject, async ({ actor, params, body }) => rejectReimbursement(actor, params.reimbursementId, body));
