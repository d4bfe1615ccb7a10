import { casesRoutes } from "@/lib/cases/openapi";
import { addNote } from "@/lib/cases/workflow";
import { apiRoute } from "@/lib/http/route";

/** Adds a note to a case's timeline (201); audited. */
export const POST = apiRoute(casesRoutes.addNote, async ({ actor, params, body }) => addNote(actor, params.caseId, body));
