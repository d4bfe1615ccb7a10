import { z } from "zod";
import type { RouteSpec } from "./spec";

/** status → problem code → when an operation answers it. */
export type Problems = Map<number, Map<string, string>>;

/**
 * Every problem an operation may answer, by status and code: what its declaration implies (the
 * pipeline in lib/http/route.ts answers these for any operation declared so) and what its service
 * throws, declared per route in `errors`. The OpenAPI document lists each (./document.ts), and the
 * API fuzz (tests/api/fuzz.test.ts) fails on an answer this does not list.
 */
export function declaredProblems(r: RouteSpec): Problems {
  const problems: Problems = new Map();
  const add = (status: number, code: string, when: string) => {
    const codes = problems.get(status) ?? new Map<string, string>();
    codes.set(code, codes.has(code) ? `${codes.get(code)}; ${when}` : when);
    problems.set(status, codes);
  };
  if (r.auth !== "public") {
    add(401, "unauthenticated", "Not signed in, or the API key is missing, not valid or revoked");
    add(403, "forbidden", "The role or the key's scope does not allow this, or a signed-in change comes from another origin");
  }
  if (r.bankScoped || r.path.includes("{")) add(404, "not_found", "No such resource in the caller's scope");
  if (r.query) {
    add(422, "invalid", "A query parameter is not valid; `errors` names each and its reason");
    add(422, "invalid_query", "A query parameter given twice, or a number in the query that is not plain decimal");
    if (r.query instanceof z.ZodObject && "cursor" in r.query.shape) add(422, "invalid_cursor", "A page cursor this list did not give out: start again from the first page");
  }
  if (r.body) {
    add(422, "invalid", "The body is not valid; `errors` names each field and its reason");
    add(400, "bad_request", "The body is empty or not JSON");
    add(413, "too_large", `The body is larger than ${r.maxBodyBytes ?? 256 * 1024} bytes`);
    add(415, "unsupported_media_type", "The body is not application/json");
  }
  if (r.method === "post") {
    // The pipeline's Idempotency-Key (lib/http/idempotency.ts), on every POST.
    add(400, "idempotency_key_invalid", "The Idempotency-Key header is not 1 to 255 printable ASCII characters");
    add(409, "idempotency_key_in_use", "A request with this Idempotency-Key is still running; retry after `Retry-After` seconds to get its answer");
    add(422, "idempotency_key_reused", "This Idempotency-Key was used by the caller for another request (another body, path or method)");
  }
  if (r.upload) {
    add(413, r.upload.tooLargeCode, `The file is larger than ${r.upload.maxBytes} bytes (refused as soon as it passes, or at once when Content-Length says so)`);
    add(413, "too_large", `The body around the file is larger than the file's limit plus ${64 * 1024} bytes`);
    add(415, "unsupported_media_type", "The body is not multipart/form-data");
    add(400, "bad_request", "The multipart body is malformed or ends before its closing boundary");
    add(422, "invalid", `The body carries no file in the field \`${r.upload.field}\` (\`errors.${r.upload.field}.code\`: required)`);
  }
  add(
    503,
    "unavailable",
    "The database is unavailable: nothing was changed; retry after `Retry-After` seconds. Decisions answer it only for an API key this process never verified (otherwise deny, `controls_unavailable`)",
  );
  for (const [status, codes] of Object.entries(r.errors ?? {})) for (const [code, when] of Object.entries(codes ?? {})) add(Number(status), code, when);
  return problems;
}

/** Why an answer is not one its operation declares (null: it is, or it is no problem). */
export function undeclaredProblem(r: RouteSpec, status: number, code: string | undefined): string | null {
  if (status < 400) return null;
  const codes = declaredProblems(r).get(status);
  if (codes?.has(code ?? "")) return null;
  return `${status} ${code ?? "(no code)"}, which the declaration of ${r.method.toUpperCase()} ${r.path} does not list (${codes ? `its ${status}s: ${[...codes.keys()].join(", ")}` : `no ${status}`}): add it to the route's \`errors\` if the service means it`;
}
