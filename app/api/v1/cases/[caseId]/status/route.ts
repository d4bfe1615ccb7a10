import { casesRoutes } from "@/lib/cases/openapi";
import { changeStatus } from "@/lib/cases/workflow";
import { apiRoute } from "@/lib/http/route";

/** Moves a case along the workflow (closing with an outcome, reopening with a reason); audited. */
export const POST = apiRoute(casesRoutes.changeStatus, async ({ actor, params, body }) => changeStatus(actor, params.caseId, body));
