import "server-only";
import { apiRoute } from "@/lib/http/route";
import { decisionsRoutes } from "./openapi";
import { answerBatch, answerDecision } from "./service";

/**
 * The decision API's two handlers, made once from their declarations (./openapi.ts):
 * app/api/v1/decisions/(batch/)route.ts export them to Next, and lib/http/fast-routes.ts hands their
 * `.node` form (the same pipeline on a bare Node request) to the wallet platform's API server and the
 * console's production server.
 */

/** May this link or charge go ahead at this bank now? Answered from memory (the control snapshot). */
export const decisionRoute = apiRoute(decisionsRoutes.decide, ({ actor, body }) => answerDecision(actor, body));

/** Up to 1,000 questions in one call, answered in order; an invalid one is answered with its errors. */
export const decisionBatchRoute = apiRoute(decisionsRoutes.batch, ({ actor, body }) => answerBatch(actor, body.questions));
