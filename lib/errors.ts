import { z } from "zod";

/** Typed errors thrown by lib/ and mapped to HTTP in one place (lib/http/problem.ts). */

/** Values that fill in a code's message: `{ minimum: 4 }`, `{ bankCode: "0101" }`. */
export type ProblemParams = Record<string, string | number>;

/**
 * Why one field was refused, as a machine code and its params (problem+json `errors[field]`):
 * `{ code: "too_small", params: { minimum: 4, origin: "string" } }`. The console has words for each
 * code (lib/i18n/error-codes.ts); API clients match the code, never a sentence.
 */
export type FieldProblem = { code: string; params?: ProblemParams };

/** Field path (dot-separated) → why it was refused. */
export type FieldErrors = Record<string, FieldProblem>;

/** FieldErrors as a response schema (a batch's per-item errors). */
export const fieldErrorsSchema = z.record(z.string(), z.object({ code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() }));

/** One field's problem: `fieldError("confirm_bank_code", { bankCode: "0101" })`. */
export function fieldError(code: string, params?: ProblemParams): FieldProblem {
  return params ? { code, params } : { code };
}

/** A code a schema or lib/ gives instead of zod's own (snake_case, e.g. `email_taken`), as opposed to a sentence. */
const MACHINE_CODE = /^[a-z][a-z0-9_]*$/;

export function isMachineCode(s: string): boolean {
  return MACHINE_CODE.test(s);
}

/** What a zod issue carries (zod 4's $ZodIssue, read loosely so client and server share this). */
type IssueLike = { readonly code?: string; readonly message?: string };

const PARAM_KEYS = ["minimum", "maximum", "inclusive", "origin", "format", "expected", "divisor", "keys", "values"] as const;

function paramValue(v: unknown): string | number | undefined {
  if (typeof v === "number" || typeof v === "string") return v;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map((x) => String(x)).join(", ");
  return undefined;
}

/**
 * A zod issue as a field's code and params: the schema's own code when it gives one as its message
 * (`.regex(re, "bank_code")`), else zod's issue code; params from the issue (minimum, maximum,
 * origin, format, expected values…) and a custom issue's own params.
 */
export function issueProblem(issue: IssueLike): FieldProblem {
  const fields = issue as IssueLike & { readonly params?: unknown } & Readonly<Record<string, unknown>>;
  const code = typeof issue.message === "string" && isMachineCode(issue.message) ? issue.message : (issue.code ?? "invalid");
  const params: ProblemParams = {};
  for (const k of PARAM_KEYS) {
    const v = paramValue(fields[k]);
    if (v !== undefined) params[k] = v;
  }
  if (fields.params && typeof fields.params === "object") {
    for (const [k, raw] of Object.entries(fields.params)) {
      const v = paramValue(raw);
      if (v !== undefined) params[k] = v;
    }
  }
  return Object.keys(params).length ? { code, params } : { code };
}

export class AppError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly fields?: FieldErrors,
    /** What fills in the code's message for the whole problem (problem+json `params`). */
    public readonly params?: ProblemParams,
    /** Further members of the problem+json body (a stale write's `current` and `changes`). */
    public readonly extensions?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class Invalid extends AppError {
  constructor(message: string, fields?: FieldErrors) {
    super(422, "invalid", message, fields);
  }
}
export class BadRequest extends AppError {
  constructor(message: string, fields?: FieldErrors) {
    super(400, "bad_request", message, fields);
  }
}
export class Unauthenticated extends AppError {
  constructor(message = "Sign in first.") {
    super(401, "unauthenticated", message);
  }
}
export class Forbidden extends AppError {
  constructor(message = "You may not do this.") {
    super(403, "forbidden", message);
  }
}
export class NotFound extends AppError {
  constructor(what = "resource") {
    super(404, "not_found", `No such ${what}.`);
  }
}
export class Conflict extends AppError {
  constructor(message: string, fields?: FieldErrors) {
    super(409, "conflict", message, fields);
  }
}
/**
 * A write that carried the version it read, when the record has moved on since: 409
 * `stale_version`, with the record as it is now and what changed since that version, so the
 * person can look and re-apply. Nothing was written.
 */
export class StaleVersion extends AppError {
  constructor(what: string, expected: number, current: number, extensions: { current: unknown; changes: unknown[] }) {
    super(409, "stale_version", `The ${what} changed since you read it (version ${expected}, now ${current}).`, undefined, { expected, current }, extensions);
  }
}
export class TooLarge extends AppError {
  constructor(message = "The request body is too large.") {
    super(413, "too_large", message);
  }
}
export class TooManyRequests extends AppError {
  constructor(
    message: string,
    public readonly retryAfterSeconds?: number,
  ) {
    super(429, "too_many_requests", message);
  }
}
/**
 * The database (or the network to it) does not answer in time: refused, cut, or past a timeout.
 * A 503 with Retry-After; the caller may try again as it is, nothing was half-written.
 */
export class Unavailable extends AppError {
  constructor(
    message = "The database is unavailable; try again shortly.",
    public readonly retryAfterSeconds = 2,
  ) {
    super(503, "unavailable", message);
  }
}

/** Error codes of a database that cannot be reached, or that dropped or timed out the statement. */
const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);
/** SQLSTATE classes 08 (connection exception) and 57 (operator intervention: statement timeout, shutdown), 53300 (too many connections). */
const UNREACHABLE_SQLSTATE = /^(08...|57...|53300)$/;
/** node-postgres' own messages for a connection that timed out or ended under a query. */
const UNREACHABLE_MESSAGE =
  /^(timeout exceeded when trying to connect|Connection terminated|Query read timeout|Client has encountered a connection error|Connection terminated unexpectedly|connect ECONNREFUSED|read ECONNRESET)/;

/**
 * Whether an error (or one it was caused by: drizzle wraps the driver's) means the database could
 * not be reached or did not answer in time, as opposed to a bug or a refused statement.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e instanceof Unavailable) return true;
    if (typeof e.code === "string" && (UNREACHABLE_CODES.has(e.code) || UNREACHABLE_SQLSTATE.test(e.code))) return true;
    if (typeof e.message === "string" && UNREACHABLE_MESSAGE.test(e.message)) return true;
  }
  return false;
}
