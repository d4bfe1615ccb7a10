import { casesRoutes } from "@/lib/cases/openapi";
import { attachIncident } from "@/lib/cases/workflow";
import { apiRoute } from "@/lib/http/route";

/** Attaches a case to an incident, or detaches it; audited. */
export const POST = apiRoute(casesRoutes.incident, async ({ actor, params, body }) => attachIncident(actor, params.caseId, body));
