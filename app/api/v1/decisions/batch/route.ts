import { apiRoute } from "@/lib/http/route";
import { answerBatch } from "@/lib/decisions/service";
import { decisionBatch } from "@/lib/decisions/schemas";

/** Up to 1,000 questions in one call, answered in order; an invalid one is answered with its errors. */
export const POST = apiRoute(
  { auth: "service", scope: "decisions", body: decisionBatch, maxBodyBytes: 512 * 1024, logEvery: 10 },
  async ({ actor, body }) => answerBatch(actor, body.questions),
);
