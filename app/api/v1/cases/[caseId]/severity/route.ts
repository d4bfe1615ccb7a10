import { casesRoutes } from "@/lib/cases/openapi";
import { changeSeverity } from "@/lib/cases/workflow";
import { apiRoute } from "@/lib/http/route";

/** Changes a case's severity and its due date; audited. */
export const POST = apiRoute(casesRoutes.severity, async ({ actor, params, body }) => changeSeverity(actor, params.caseId, body));
