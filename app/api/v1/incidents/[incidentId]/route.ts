import { apiRoute } from "@/lib/http/route";
import { incidentsRoutes } from "@/lib/incidents/openapi";
import { getIncident } from "@/lib/incidents/service";

export const GET = apiRoute(incidentsRoutes.detail, async ({ actor, params }) => getIncident(actor, params.incidentId));
