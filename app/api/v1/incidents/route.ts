import { apiRoute } from "@/lib/http/route";
import { incidentsRoutes } from "@/lib/incidents/openapi";
import { listIncidents } from "@/lib/incidents/service";
import { createIncident } from "@/lib/incidents/write";

export const GET = apiRoute(incidentsRoutes.list, async ({ actor }) => listIncidents(actor));
export const POST = apiRoute(incidentsRoutes.create, async ({ actor, body }) => createIncident(actor, body));
