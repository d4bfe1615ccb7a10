import { apiRoute } from "@/lib/http/route";
import { incidentsRoutes } from "@/lib/incidents/openapi";
import { listIncidents } from "@/lib/incidents/service";

export const GET = apiRoute(incidentsRoutes.list, async ({ actor }) => listIncidents(actor));
