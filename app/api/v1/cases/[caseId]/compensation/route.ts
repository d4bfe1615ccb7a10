import { reimbursementsRoutes } from "@/lib/reimbursements/openapi";
import { recordCompensation } from "@/lib/reimbursements/service";
import { apiRoute } from "@/lib/http/route";

/** A manager of the victim's bank records what the bank compensated on a case; audited. */
export const POST = apiRoute(reimbursementsRoutes.compensation, async ({ actor, params, body }) => recordCompensation(actor, params.caseId, body));
