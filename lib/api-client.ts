import type { FieldProblem, ProblemParams } from "@/lib/errors";

/** The browser's one way to the JSON API: same-origin fetch, problem+json turned into ApiError. */

/**
 * A problem+json answer of /api/v1, or a network failure (status 0, code "network"): its machine
 * `code` and `params`, and per field `{ code, params }` (`problems`). lib/i18n/problem-text.ts
 * turns them into words.
 */
export class ApiError extends Error {
  public readonly problems: Record<string, FieldProblem>;
  constructor(
    public readonly status: number,
    message: string,
    public readonly requestId: string | null,
    public readonly code: string = status === 0 ? "network" : "failed",
    public readonly params: ProblemParams = {},
    problems: Record<string, FieldProblem> = {},
    /** The problem's own members beyond the standard ones (a 409 stale_version's `current` and `changes`). */
    public readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.problems = problems;
  }
}

/** The members every problem has (lib/http/problem.ts); the rest are the problem's extensions. */
const STANDARD_MEMBERS = new Set(["type", "title", "status", "detail", "instance", "code", "requestId", "params", "errors"]);

/** The ApiError a failed response stands for. */
export async function problemOf(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => ({}))) as { detail?: string; requestId?: string; code?: string; params?: ProblemParams; errors?: Record<string, unknown> };
  const problems: Record<string, FieldProblem> = {};
  for (const [field, v] of Object.entries(body.errors ?? {})) {
    if (v && typeof v === "object" && typeof (v as FieldProblem).code === "string") problems[field] = v as FieldProblem;
  }
  const extensions = Object.fromEntries(Object.entries(body).filter(([k]) => !STANDARD_MEMBERS.has(k)));
  return new ApiError(res.status, body.detail ?? res.statusText, body.requestId ?? res.headers.get("x-request-id"), body.code ?? "failed", body.params ?? {}, problems, extensions);
}

export async function apiJson<T>(url: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, headers: { accept: "application/json", ...init?.headers } });
  } catch (e) {
    throw new ApiError(0, (e as Error).message, null);
  }
  // 204 (a DELETE) has no body.
  if (res.status === 204) return undefined as T;
  if (res.ok) return (await res.json()) as T;
  throw await problemOf(res);
}

/** The Idempotency-Key of the POST being started (withIdempotencyKey), read once by sendJson. */
let startingKey: string | null = null;

/**
 * Starts `send` with its first POST carrying `key` as Idempotency-Key (lib/http/idempotency.ts):
 * sent again with the same key and body, the request is answered with the first answer instead of
 * acting twice. The key is taken by the POST that `send` starts synchronously (before its first
 * await), which is how every mutation of the console calls sendJson; useApiMutation gives each
 * person's intent one key and keeps it across their retries.
 */
export function withIdempotencyKey<T>(key: string, send: () => Promise<T>): Promise<T> {
  const outer = startingKey;
  startingKey = key;
  try {
    return send();
  } finally {
    startingKey = outer;
  }
}

/** The key withIdempotencyKey gave the POST being started, once (the POST's sender calls it as it starts). */
export function takeIdempotencyKey(): string | null {
  const key = startingKey;
  startingKey = null;
  return key;
}

/** A JSON change to /api/v1 (same origin: the route wrapper checks the Origin header). */
export function sendJson<T>(url: string, method: "POST" | "PATCH" | "PUT", body: unknown = {}): Promise<T> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  const key = method === "POST" ? takeIdempotencyKey() : null;
  if (key) headers["idempotency-key"] = key;
  return apiJson<T>(url, { method, headers, body: JSON.stringify(body) });
}

export function postJson<T>(url: string, body: unknown): Promise<T> {
  return sendJson<T>(url, "POST", body);
}

/** A 4xx will be refused again: retry only what may pass next time. */
export function retryUnlessRefused(count: number, e: unknown): boolean {
  return count < 1 && !(e instanceof ApiError && e.status >= 400 && e.status < 500);
}
