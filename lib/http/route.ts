import "server-only";
import type { z } from "zod";
import { getDb } from "@/db";
import type { ApiKeyScope } from "@/db/schema";
import type { Actor, RequestMeta, ServiceActor, StaffActor } from "@/lib/auth/actor";
import { loadApiKeyActor } from "@/lib/auth/api-key";
import { auth } from "@/lib/auth/auth";
import { requestMetaFrom } from "@/lib/auth/request-meta";
import { loadSessionActor } from "@/lib/auth/sessions";
import { recordAudit } from "@/lib/audit/write";
import { AppError, BadRequest, Forbidden, TooLarge, Unauthenticated } from "@/lib/errors";
import { errorToResponse, problemResponse } from "./problem";
import { log } from "./log";

type AuthMode = "staff" | "service" | "staff_or_service" | "public";

type ActorFor<M extends AuthMode> = M extends "staff"
  ? StaffActor
  : M extends "service"
    ? ServiceActor
    : M extends "staff_or_service"
      ? Actor
      : Actor | null;

export interface HandlerContext<M extends AuthMode, B, Q> {
  actor: ActorFor<M>;
  body: B;
  query: Q;
  params: Record<string, string>;
  request: Request;
  meta: RequestMeta;
}

export interface RouteOptions<M extends AuthMode, BS extends z.ZodType | undefined, QS extends z.ZodType | undefined> {
  auth: M;
  /** For service keys: the scope the key must carry. */
  scope?: ApiKeyScope;
  body?: BS;
  query?: QS;
  /** Largest JSON body accepted, in bytes (default 256 KiB). */
  maxBodyBytes?: number;
  /**
   * Hot paths (the decision API): log one in `logEvery` successful requests (the line carries
   * `sampled: n`); errors are always logged. Default 1: every request.
   */
  logEvery?: number;
}

type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** JSON with status and no caching; what handlers return when they need a status other than 200. */
export function json(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(data), {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store", ...headers },
  });
}

/** Cookie-authenticated changes must come from this origin (CSRF defence beside SameSite=Lax). */
function sameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (!origin) return request.headers.get("sec-fetch-site") === "same-origin";
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/**
 * Who is calling (null: nobody is signed in) and, if they may not use this route, the refusal.
 * The caller is known before a refusal, so every denied access is audited under its actor.
 */
async function resolveActor(
  request: Request,
  meta: RequestMeta,
  mode: AuthMode,
  scope?: ApiKeyScope,
): Promise<{ actor: Actor | null; refusal?: Forbidden }> {
  const authz = request.headers.get("authorization");
  const db = await getDb();
  if (authz) {
    const m = /^Bearer\s+(\S+)$/i.exec(authz);
    if (!m) throw new Unauthenticated("Use 'Authorization: Bearer <api key>'.");
    const actor = await loadApiKeyActor(db, m[1]!, meta);
    if (!actor) throw new Unauthenticated("The API key is not valid or has been revoked.");
    if (mode === "staff") return { actor, refusal: new Forbidden("This endpoint is for signed-in staff, not API keys.") };
    if (scope && !actor.scopes.includes(scope)) return { actor, refusal: new Forbidden(`The API key lacks the '${scope}' scope.`) };
    return { actor };
  }
  const session = await auth();
  const sid = (session as { sid?: string } | null)?.sid;
  if (!sid) return { actor: null };
  const loaded = await loadSessionActor(db, sid, meta);
  if (!("actor" in loaded)) return { actor: null };
  if (mode === "service") return { actor: loaded.actor, refusal: new Forbidden("This endpoint is for API keys of service integrations.") };
  if (MUTATING.has(request.method) && !sameOrigin(request)) {
    return { actor: loaded.actor, refusal: new Forbidden("Cross-origin requests may not change anything.") };
  }
  return { actor: loaded.actor };
}

async function readJson(request: Request, maxBytes: number): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) throw new AppError(415, "unsupported_media_type", "Send the body as application/json.");
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new TooLarge(`The body may be at most ${maxBytes} bytes.`);
  const reader = request.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw new TooLarge(`The body may be at most ${maxBytes} bytes.`);
      }
      chunks.push(value);
    }
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text.trim()) throw new BadRequest("The body is empty; send a JSON document.", { body: "required" });
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequest("The body is not valid JSON.", { body: "not valid JSON" });
  }
}

/**
 * The one shape of every /api/v1 handler: resolve the actor (session or API key), parse input with
 * zod, call the service, map errors to problem+json. No rules live here.
 */
export function apiRoute<M extends AuthMode, BS extends z.ZodType | undefined = undefined, QS extends z.ZodType | undefined = undefined>(
  options: RouteOptions<M, BS, QS>,
  handler: (ctx: HandlerContext<M, Infer<BS>, Infer<QS>>) => Promise<unknown>,
) {
  return async (request: Request, context: { params?: Promise<Record<string, string | string[]>> } = {}): Promise<Response> => {
    const meta = requestMetaFrom(request.headers);
    const started = performance.now();
    let actor: Actor | null = null;
    let status = 500;
    try {
      const resolved = await resolveActor(request, meta, options.auth, options.scope);
      actor = resolved.actor;
      if (resolved.refusal) throw resolved.refusal;
      if (!actor && options.auth !== "public") throw new Unauthenticated();
      const url = new URL(request.url);
      const query = options.query ? options.query.parse(Object.fromEntries(url.searchParams)) : undefined;
      const body = options.body ? options.body.parse(await readJson(request, options.maxBodyBytes ?? 256 * 1024)) : undefined;
      const rawParams = (await context.params) ?? {};
      const params = Object.fromEntries(Object.entries(rawParams).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]));
      const result = await handler({ actor: actor as ActorFor<M>, body: body as Infer<BS>, query: query as Infer<QS>, params, request, meta });
      const response = result instanceof Response ? result : json(result);
      response.headers.set("x-request-id", meta.requestId);
      status = response.status;
      return response;
    } catch (err) {
      const response = errorToResponse(err, meta.requestId, { method: request.method, path: new URL(request.url).pathname });
      status = response.status;
      if (status === 403 && actor) {
        await recordAudit(await getDb(), actor, {
          action: "access.denied",
          entityType: "route",
          entityId: `${request.method} ${new URL(request.url).pathname}`,
          after: { reason: (err as Error).message },
        }).catch(() => undefined);
      }
      return response;
    } finally {
      const every = options.logEvery ?? 1;
      if (every <= 1 || status >= 400 || Math.random() * every < 1) {
        log("info", "request", {
          requestId: meta.requestId,
          method: request.method,
          path: new URL(request.url).pathname,
          status,
          ms: Math.round(performance.now() - started),
          actor: actor ? (actor.kind === "staff" ? actor.userId : `key:${actor.apiKeyId}`) : null,
          ...(every > 1 && status < 400 ? { sampled: every } : {}),
        });
      }
    }
  };
}

export { problemResponse };
