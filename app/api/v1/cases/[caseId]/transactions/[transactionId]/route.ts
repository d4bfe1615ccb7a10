import { casesRoutes } from "@/lib/cases/openapi";
import { markTransaction } from "@/lib/cases/workflow";
import { apiRoute } from "@/lib/http/route";

/** Marks a transaction fraudulent or not on the case; the loss follows; audited. */
export const PUT = apiRoute(casesRoutes.markTransaction, async ({ actor, params, body }) => markTransaction(actor, params.caseId, { transactionId: params.transactionId, ...body }));
