import { casesRoutes } from "@/lib/cases/openapi";
import { snoozeCase } from "@/lib/cases/workflow";
import { apiRoute } from "@/lib/http/route";

/** Snoozes a case until a moment, or wakes it (until null); audited. */
export const POST = apiRoute(casesRoutes.snooze, async ({ actor, params, body }) => snoozeCase(actor, params.caseId, body));
