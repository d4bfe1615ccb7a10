import { defineRoute } from "@/lib/openapi/spec";
import { batchAnswer, decisionAnswer, decisionBatch, decisionQuestion } from "./schemas";

export const decisionsRoutes = {
  decide: defineRoute({
    method: "post",
    path: "/api/v1/decisions",
    summary:
      "May this link or charge go ahead at this bank now? Answered from the process's control snapshot; deny with reason controls_unavailable when it cannot be confirmed fresh (fail closed). Unknown bank code: 422 (bankCode). Every answer carries X-Request-Id (the caller's own when it sent one); one success in 100 is logged",
    tag: "Decisions",
    auth: "service",
    scope: "decisions",
    body: decisionQuestion,
    response: decisionAnswer,
    maxBodyBytes: 16 * 1024,
    logEvery: 100,
  }),
  batch: defineRoute({
    method: "post",
    path: "/api/v1/decisions/batch",
    summary:
      "Up to 1,000 questions answered in order; an invalid question (or unknown bank) is answered with its index and field errors while the others are decided; 422 when none is valid. Every answer carries X-Request-Id (the caller's own when it sent one); one success in 10 is logged",
    tag: "Decisions",
    auth: "service",
    scope: "decisions",
    body: decisionBatch,
    response: batchAnswer,
    maxBodyBytes: 512 * 1024,
    logEvery: 10,
  }),
};
