import type { FieldErrors } from "@/lib/errors";

/** A problem+json answer of /api/v1, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    public readonly status: number,
    message: string,
    public readonly requestId: string | null,
    public readonly fields: FieldErrors = {},
  ) {
    super(message);
  }
}

async function problem(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => ({}))) as { detail?: string; requestId?: string; errors?: FieldErrors };
  return new ApiError(res.status, body.detail ?? res.statusText, body.requestId ?? res.headers.get("x-request-id"), body.errors ?? {});
}

export async function apiJson<T>(url: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, headers: { accept: "application/json", ...init?.headers } });
  } catch (e) {
    throw new ApiError(0, (e as Error).message, null);
  }
  if (res.ok) return (await res.json()) as T;
  throw await problem(res);
}

/** POST a JSON body to the same-origin API. */
export function postJson<T>(url: string, body: unknown): Promise<T> {
  return apiJson<T>(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

export { problem as problemOf };
