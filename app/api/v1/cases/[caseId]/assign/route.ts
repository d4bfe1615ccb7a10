import { casesRoutes } from "@/lib/cases/openapi";
import { assignCase } from "@/lib/cases/workflow";
import { apiRoute } from "@/lib/http/route";

/** Assigns (or unassigns) a case; someone else's case needs a reason; audited. */
export const POST = apiRoute(casesRoutes.assign, async ({ actor, params, body }) => assignCase(actor, params.caseId, body));
