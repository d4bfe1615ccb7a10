import "server-only";
import { apiRoute } from "@/lib/http/route";
import { answerBatch, answerDecision } from "./service";
import { decisionBatch, decisionQuestion } from "./schemas";

/**
 * The decision API's two handlers, defined once: app/api/v1/decisions/(batch/)route.ts export them
 * to Next, and lib/http/fast-routes.ts hands their `.node` form (the same pipeline on a bare Node
 * request) to the wallet platform's API server and the console's production server.
 */

/** May this link or charge go ahead at this bank now? Answered from memory (the control snapshot). */
export const decisionRoute = apiRoute(
  { auth: "service", scope: "decisions", body: decisionQuestion, maxBodyBytes: 16 * 1024, logEvery: 100 },
  ({ actor, body }) => answerDecision(actor, body),
);

/** Up to 1,000 questions in one call, answered in order; an invalid one is answered with its errors. */
export const decisionBatchRoute = apiRoute(
  { auth: "service", scope: "decisions", body: decisionBatch, maxBodyBytes: 512 * 1024, logEvery: 10 },
  ({ actor, body }) => answerBatch(actor, body.questions),
);
