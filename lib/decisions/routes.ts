import "server-only";
import { apiRoute } from "@/lib/http/route";
import { DECISION_LOG_EVERY, DECISION_MAX_BODY, expressDecision } from "./express";
import { answerBatch, answerDecision } from "./service";
import { decisionBatch, decisionQuestion, quickDecisionQuestion } from "./schemas";

/**
 * The decision API's two handlers, defined once: app/api/v1/decisions/(batch/)route.ts export them
 * to Next, and lib/startup.ts registers their `.node` form with the production server's fast path.
 */

/**
 * May this link or charge go ahead at this bank now? Answered from memory (the control snapshot);
 * on the production servers' Node path, the everyday request takes the express lane (./express.ts).
 */
export const decisionRoute = apiRoute(
  {
    auth: "service",
    scope: "decisions",
    body: decisionQuestion,
    quickBody: quickDecisionQuestion,
    express: expressDecision,
    maxBodyBytes: DECISION_MAX_BODY,
    logEvery: DECISION_LOG_EVERY,
  },
  ({ actor, body }) => answerDecision(actor, body),
);

/** Up to 1,000 questions in one call, answered in order; an invalid one is answered with its errors. */
export const decisionBatchRoute = apiRoute(
  { auth: "service", scope: "decisions", body: decisionBatch, maxBodyBytes: 512 * 1024, logEvery: 10 },
  async ({ actor, body }) => answerBatch(actor, body.questions),
);
