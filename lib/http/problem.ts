import { ZodError } from "zod";
import { AppError, isDatabaseUnavailable, issueProblem, Unavailable, type FieldErrors, type ProblemParams } from "@/lib/errors";
import { log } from "./log";

export const PROBLEM_TYPE_BASE = "https://linkguard.example/problems/";

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  requestId: string;
  /** What fills in the code's message, when it takes any (e.g. `retryAfterSeconds`). */
  params?: ProblemParams;
  /** Field path (dot-separated) → `{ code, params? }`: a machine code (zod's issue code or the domain's) and what fills it in. */
  errors?: FieldErrors;
}

export function zodFieldErrors(err: ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of err.issues) {
    const key = issue.path.length ? issue.path.join(".") : "body";
    if (!fields[key]) fields[key] = issueProblem(issue);
  }
  return fields;
}

const TITLES: Record<number, string> = {
  400: "Bad request",
  401: "Unauthenticated",
  403: "Forbidden",
  404: "Not found",
  405: "Method not allowed",
  409: "Conflict",
  413: "Payload too large",
  415: "Unsupported media type",
  422: "Invalid input",
  429: "Too many requests",
  500: "Internal error",
  503: "Service unavailable",
};

/** A problem+json answer as plain parts: what both a Web Response and a Node response are made from. */
export interface ProblemParts {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function problemParts(
  status: number,
  code: string,
  detail: string,
  requestId: string,
  errors?: FieldErrors,
  headers: Record<string, string> = {},
  params?: ProblemParams,
  extensions?: Record<string, unknown>,
): ProblemParts {
  const body: ProblemBody = {
    ...extensions,
    type: `${PROBLEM_TYPE_BASE}${code}`,
    title: TITLES[status] ?? "Error",
    status,
    detail,
    code,
    requestId,
    ...(params && Object.keys(params).length ? { params } : {}),
    ...(errors && Object.keys(errors).length ? { errors } : {}),
  };
  return {
    status,
    headers: { "content-type": "application/problem+json", "x-request-id": requestId, "cache-control": "no-store", ...headers },
    body: JSON.stringify(body),
  };
}

function toResponse(p: ProblemParts): Response {
  return new Response(p.body, { status: p.status, headers: p.headers });
}

/** problemParts as a Web Response. */
export function problemResponse(...args: Parameters<typeof problemParts>): Response {
  return toResponse(problemParts(...args));
}

/** The one mapping from thrown errors to HTTP. Unknown errors are logged and answered without detail. */
export function errorToProblem(err: unknown, requestId: string, context: Record<string, unknown> = {}): ProblemParts {
  // A database that is refused, cut or past its timeout is a 503 the caller may retry, not a bug.
  if (!(err instanceof AppError) && isDatabaseUnavailable(err)) {
    log("warn", "database unavailable", { requestId, ...describeError(err), ...context });
    err = new Unavailable();
  }
  if (err instanceof AppError) {
    const headers: Record<string, string> = {};
    // Any typed error that says when to come back (throttled, unavailable, an idempotency key in use).
    const retryAfter = (err as AppError & { retryAfterSeconds?: unknown }).retryAfterSeconds;
    if (typeof retryAfter === "number" && retryAfter > 0) headers["retry-after"] = String(retryAfter);
    return problemParts(err.status, err.code, err.message, requestId, err.fields, headers, err.params, err.extensions);
  }
  if (err instanceof ZodError) {
    return problemParts(422, "invalid", "Some fields are not valid.", requestId, zodFieldErrors(err));
  }
  log("error", "unhandled error", { requestId, ...describeError(err), ...context });
  return problemParts(500, "internal", "Something went wrong on our side. Quote the request id when you report it.", requestId);
}

/** errorToProblem as a Web Response. */
export function errorToResponse(...args: Parameters<typeof errorToProblem>): Response {
  return toResponse(errorToProblem(...args));
}

/**
 * What a log line may say about an unexpected error. Drizzle's query errors put the SQL and its
 * bound parameters (password hashes, e-mails…) in `message`: log the driver's cause instead.
 */
export function describeError(err: unknown): Record<string, unknown> {
  const e = err as { name?: string; message?: string; stack?: string; code?: string; cause?: unknown };
  const cause = e?.cause as { message?: string; code?: string } | undefined;
  if (e?.name === "DrizzleQueryError" || (typeof e?.message === "string" && e.message.startsWith("Failed query:"))) {
    return { err: "database query failed", cause: cause?.message, pgCode: cause?.code };
  }
  return { err: e?.message, pgCode: e?.code, stack: e?.stack?.split("\n").slice(0, 6).join("\n") };
}
