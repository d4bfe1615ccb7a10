import { apiRoute } from "@/lib/http/route";
import { incidentsRoutes } from "@/lib/incidents/openapi";
import { getIncident } from "@/lib/incidents/service";
import { updateIncident } from "@/lib/incidents/write";

export const GET = apiRoute(incidentsRoutes.detail, async ({ actor, params }) => getIncident(actor, params.incidentId));
export const PATCH = apiRoute(incidentsRoutes.update, async ({ actor, params, body }) => updateIncident(actor, params.incidentId, body));
