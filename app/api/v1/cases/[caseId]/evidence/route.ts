import { addEvidence, listEvidence } from "@/lib/cases/evidence";
import { casesRoutes } from "@/lib/cases/openapi";
import { apiRoute } from "@/lib/http/route";

/** The case's evidence (GET) and a new file for it (POST, multipart/form-data, 201). */
export const GET = apiRoute(casesRoutes.listEvidence, async ({ actor, params }) => listEvidence(actor, params.caseId));
export const POST = apiRoute(casesRoutes.addEvidence, async ({ actor, params, upload }) => addEvidence(actor, params.caseId, upload));
