import { apiRoute } from "@/lib/http/route";
import { answerDecision } from "@/lib/decisions/service";
import { decisionQuestion } from "@/lib/decisions/schemas";

/** May this link or charge go ahead at this bank now? Answered from memory (the control snapshot). */
export const POST = apiRoute(
  { auth: "service", scope: "decisions", body: decisionQuestion, maxBodyBytes: 16 * 1024, logEvery: 100 },
  async ({ actor, body }) => answerDecision(actor, body),
);
