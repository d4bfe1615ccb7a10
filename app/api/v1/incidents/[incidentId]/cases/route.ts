import { apiRoute } from "@/lib/http/route";
import { incidentsRoutes } from "@/lib/incidents/openapi";
import { attachCaseToIncident } from "@/lib/incidents/write";

export const POST = apiRoute(incidentsRoutes.attachCase, async ({ actor, params, body }) => attachCaseToIncident(actor, params.incidentId, body));
