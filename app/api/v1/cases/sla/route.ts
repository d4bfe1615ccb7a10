import { casesRoutes } from "@/lib/cases/openapi";
import { apiRoute } from "@/lib/http/route";
import { getSla, putSla } from "@/lib/rules/manage";

/** The SLA's hours per severity; the carrier's managers set them (audited; open cases keep their due dates). */
export const GET = apiRoute(casesRoutes.sla, async ({ actor }) => getSla(actor));
export const PUT = apiRoute(casesRoutes.setSla, async ({ actor, body }) => putSla(actor, body));
