import { reimbursementsRoutes } from "@/lib/reimbursements/openapi";
import { listReimbursements } from "@/lib/reimbursements/list";
import { proposeReimbursement } from "@/lib/reimbursements/service";
import { apiRoute } from "@/lib/http/route";

/** The reimbursements in the caller's scope by queue and filters, keyset-paged, with each queue's totals. */
export const GET = apiRoute(reimbursementsRoutes.list, async ({ actor, query }) => listReimbursements(actor, query));
/** An investigator proposes reimbursing a confirmed-fraud case (the arithmetic checked); audited. */
export const POST = apiRoute(reimbursementsRoutes.propose, async ({ actor, body }) => proposeReimbursement(actor, body));
