import { getCaseFile } from "@/lib/cases/file";
import { casesRoutes } from "@/lib/cases/openapi";
import { apiRoute } from "@/lib/http/route";

/** The case file: header, transactions with their marks, timeline, related cases. */
export const GET = apiRoute(casesRoutes.file, async ({ actor, params }) => getCaseFile(actor, params.caseId));
