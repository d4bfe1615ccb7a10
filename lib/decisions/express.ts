import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { openedDatabase } from "@/db";
import { cachedApiKeyHolder } from "@/lib/auth/api-key";
import { givenRequestId, newRequestId } from "@/lib/auth/request-meta";
import { answerJsonNode, bearerToken, logAnswer, takesLogLine } from "@/lib/http/route";
import { quickDecisionQuestion } from "./schemas";
import { decisionAtOnce } from "./service";

/** The decision route's path, largest body and log sampling (./routes.ts sets the route with them). */
export const DECISION_PATH = "/api/v1/decisions";
export const DECISION_MAX_BODY = 16 * 1024;
export const DECISION_LOG_EVERY = 100;

/** How many decisions the lane has answered in this process (the tests prove with it that it answered). */
export const expressLane = { answered: 0 };

/**
 * The decision API's express lane: the route's `express` step on the production servers' Node path
 * (lib/http/route.ts, RouteOptions.express). It answers the wallet platform's everyday request,
 * and only that, in one pass: a JSON body that quickDecisionQuestion accepts, an API key the cache
 * knows with the `decisions` scope, the control snapshot in memory, a bank the key may ask about.
 * Anything else (no or unknown key, another scope, another content type, a declared length over
 * the limit, broken JSON, a question the schema refuses, an unknown bank, a snapshot not loaded yet)
 * returns false before anything is done or counted, and the pipeline answers it from the start,
 * refusals, audit and problem+json included.
 *
 * Why a lane: the pipeline's steps (actor resolution, body parsing, handler context, answer
 * mapping) cost little each, but on a path answering tens of thousands of requests a second
 * on one core they added up to about a tenth of each answer's CPU (bench/decisions.ts; the numbers
 * are in the README). The lane calls the same pieces the pipeline does (the key cache, the quick
 * check, the decision and its counting, the answer's headers, the sampled log line), so the answer is
 * the same: tests/decisions/fast-path.test.ts sends every kind of request to it and to the Next
 * route and compares.
 */
export function expressDecision(req: IncomingMessage, res: ServerResponse, body: string): boolean {
  const started = Date.now();
  const h = req.headers;
  if (h["content-type"] !== "application/json") return false;
  const declared = h["content-length"];
  if (declared !== undefined && Number(declared) > DECISION_MAX_BODY) return false;
  const token = h.authorization === undefined ? null : bearerToken(h.authorization);
  const open = token === null ? undefined : openedDatabase();
  const holder = open && cachedApiKeyHolder(open.db, token!);
  if (!holder) return false;
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    return false;
  }
  const question = quickDecisionQuestion(raw);
  const decision = question && decisionAtOnce(holder, question);
  if (!decision) return false;
  // The request id only where it names something: the caller's own, or the log line (takesLogLine).
  const given = h["x-request-id"];
  const own = givenRequestId(typeof given === "string" ? given : undefined);
  const logged = takesLogLine(DECISION_LOG_EVERY, 200);
  const requestId = own ?? (logged ? newRequestId() : null);
  answerJsonNode(req, res, decision, requestId);
  if (logged) logAnswer(DECISION_LOG_EVERY, "POST", DECISION_PATH, requestId!, holder, 200, started);
  expressLane.answered++;
  return true;
}
