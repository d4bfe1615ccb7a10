import { reimbursementsRoutes } from "@/lib/reimbursements/openapi";
import { reimbursementDetail } from "@/lib/reimbursements/list";
import { editReimbursement } from "@/lib/reimbursements/service";
import { apiRoute } from "@/lib/http/route";

/** One reimbursement with its decisions and its case's arithmetic. */
export const GET = apiRoute(reimbursementsRoutes.get, async ({ actor, params }) => reimbursementDetail(actor, params.reimbursementId));
/** The maker edits a pending proposal (approvals void); audited. */
export const PATCH = apiRoute(reimbursementsRoutes.edit, async ({ actor, params, body }) => editReimbursement(actor, params.reimbursementId, body));
