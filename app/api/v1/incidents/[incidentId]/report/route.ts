import { apiRoute } from "@/lib/http/route";
import { incidentsRoutes } from "@/lib/incidents/openapi";
import { incidentReportAnswer } from "@/lib/incidents/report";

export const GET = apiRoute(incidentsRoutes.report, async ({ actor, params, query }) => incidentReportAnswer(actor, params.incidentId, query.format));
