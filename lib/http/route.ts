import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { z } from "zod";
import { getDb, openedDatabase } from "@/db";
import type { ApiKeyScope } from "@/db/schema";
import type { Actor, RequestMeta, ServiceActor, StaffActor } from "@/lib/auth/actor";
import { cachedApiKeyActor, loadApiKeyActor } from "@/lib/auth/api-key";
import { givenRequestId, requestMetaFrom, type HeaderReader } from "@/lib/auth/request-meta";
import { loadSessionActor } from "@/lib/auth/sessions";
import { recordAudit } from "@/lib/audit/write";
import { AppError, BadRequest, Forbidden, TooLarge, Unauthenticated } from "@/lib/errors";
import { describeError, errorToProblem, problemResponse, type ProblemParts } from "./problem";
import { API_SECURITY_HEADERS } from "./security-headers.js";
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
  /**
   * A hot path's check of the body without zod: the parsed body when it is valid, undefined to let
   * `body` parse it (and name what is wrong). It must never accept what `body` refuses.
   */
  quickBody?: (raw: unknown) => Infer<BS> | undefined;
  query?: QS;
  /** Largest JSON body accepted, in bytes (default 256 KiB). */
  maxBodyBytes?: number;
  /**
   * A hot path's answer on the Node path in one pass, without the pipeline's steps (the decision
   * API's express lane, lib/decisions/express.ts): given the request and its body (read, within
   * maxBodyBytes), it writes the answer and returns true, or returns false having done nothing, and
   * the pipeline answers from the start. It answers only what the pipeline would answer the same way,
   * with the same headers, request id and log line (answerJsonNode, takesLogLine, logAnswer), and
   * leaves every refusal, bad input and wait to the pipeline. The Web path (Next) never calls it.
   */
  express?: (req: IncomingMessage, res: ServerResponse, body: string) => boolean;
  /**
   * Hot paths (the decision API): log one in `logEvery` successful requests (the line carries
   * `sampled: n`); errors are always logged. Default 1: every request.
   */
  logEvery?: number;
}

type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

/** A route's work: a value (sent as JSON), a Response, or a promise of either. */
type Handler<M extends AuthMode, BS, QS> = (ctx: HandlerContext<M, Infer<BS>, Infer<QS>>) => unknown;

const DEFAULT_MAX_BODY = 256 * 1024;

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** The headers next.config.js adds to Next's API answers, for API answers made without it. */
const SECURITY_HEADERS_OBJECT: Record<string, string> = Object.fromEntries(API_SECURITY_HEADERS.map((h) => [h.key, h.value]));
const SECURITY_HEADERS_FLAT: string[] = API_SECURITY_HEADERS.flatMap((h) => [h.key, h.value]);

/** JSON with status and no caching; what handlers return when they need a status other than 200. */
export function json(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(data), {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store", ...headers },
  });
}

/**
 * The request as the pipeline reads it, whatever carried it: a Web Request (Next's route handlers)
 * or a Node request (the production server's fast path, scripts/server.mjs).
 */
interface Incoming {
  method: string;
  pathname: string;
  /** The query string, without "?" ("" when none). */
  search: string;
  headers: HeaderReader;
  /**
   * The whole body as text; fails with TooLarge as soon as it passes `maxBytes` (and reads no
   * further). A string at once when the adapter has read the body already (the Node path).
   */
  text(maxBytes: number): string | Promise<string>;
  /** The Web Request (built on demand on the Node path). */
  request(): Request;
}

type Resolved = { actor: Actor | null; refusal?: Forbidden };

/** What an API key may do on a route of this mode and scope. */
function judgeKey(actor: ServiceActor | null, mode: AuthMode, scope?: ApiKeyScope): Resolved {
  if (!actor) throw new Unauthenticated("The API key is not valid or has been revoked.");
  if (mode === "staff") return { actor, refusal: new Forbidden("This endpoint is for signed-in staff, not API keys.") };
  if (scope && !actor.scopes.includes(scope)) return { actor, refusal: new Forbidden(`The API key lacks the '${scope}' scope.`) };
  return { actor };
}

/** An answer that is not (yet) a Response: status, headers and a text body. */
type Plain = ProblemParts;

/** Cookie-authenticated changes must come from this origin (CSRF defence beside SameSite=Lax). */
function sameOrigin(headers: HeaderReader): boolean {
  const origin = headers.get("origin");
  if (!origin) return headers.get("sec-fetch-site") === "same-origin";
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

const BEARER = /^Bearer\s+(\S+)$/i;
const WHITESPACE = /\s/;

/** The token of `Bearer <token>` (the scheme in any case), or null; the usual spelling without a capturing regex. */
export function bearerToken(authz: string): string | null {
  if (authz.startsWith("Bearer ")) {
    const token = authz.slice(7);
    if (token.length > 0 && !WHITESPACE.test(token)) return token;
  }
  return BEARER.exec(authz)?.[1] ?? null;
}

/**
 * Who is calling (null: nobody is signed in) and, if they may not use this route, the refusal.
 * The caller is known before a refusal, so every denied access is audited under its actor.
 * An API key the cache knows is judged without waiting (the decision path's common case).
 */
function resolveActor(incoming: Incoming, meta: RequestMeta, mode: AuthMode, scope?: ApiKeyScope): Resolved | Promise<Resolved> {
  const authz = incoming.headers.get("authorization");
  if (authz) {
    const token = bearerToken(authz);
    if (token === null) throw new Unauthenticated("Use 'Authorization: Bearer <api key>'.");
    const open = openedDatabase();
    const cached = open ? cachedApiKeyActor(open.db, token, meta) : undefined;
    if (cached !== undefined) return judgeKey(cached, mode, scope);
    return (async () => judgeKey(await loadApiKeyActor(await getDb(), token, meta), mode, scope))();
  }
  return resolveSession(incoming, meta, mode);
}

async function resolveSession(incoming: Incoming, meta: RequestMeta, mode: AuthMode): Promise<Resolved> {
  // Imported here, not above: Auth.js loads Next, and the wallet platform's API server
  // (scripts/api-server.ts) runs this pipeline for API keys only, in a process without Next.
  const { auth } = await import("@/lib/auth/auth");
  const session = await auth();
  const sid = (session as { sid?: string } | null)?.sid;
  if (!sid) return { actor: null };
  const loaded = await loadSessionActor(await getDb(), sid, meta);
  if (!("actor" in loaded)) return { actor: null };
  if (mode === "service") return { actor: loaded.actor, refusal: new Forbidden("This endpoint is for API keys of service integrations.") };
  if (MUTATING.has(incoming.method) && !sameOrigin(incoming.headers)) {
    return { actor: loaded.actor, refusal: new Forbidden("Cross-origin requests may not change anything.") };
  }
  return { actor: loaded.actor };
}

const JSON_TYPE = /^application\/([a-z.+-]*\+)?json\b/i;

/** The JSON body; without a promise when the body is already read (the Node path). */
function readJson(incoming: Incoming, maxBytes: number): unknown {
  const type = incoming.headers.get("content-type") ?? "";
  if (type !== "application/json" && !JSON_TYPE.test(type)) throw new AppError(415, "unsupported_media_type", "Send the body as application/json.");
  const declared = Number(incoming.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new TooLarge(`The body may be at most ${maxBytes} bytes.`);
  const text = incoming.text(maxBytes);
  return typeof text === "string" ? parseJson(text) : text.then(parseJson);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // An empty (or blank) body is not valid JSON either; it gets its own message.
    if (!text.trim()) throw new BadRequest("The body is empty; send a JSON document.", { body: "required" });
    throw new BadRequest("The body is not valid JSON.", { body: "not valid JSON" });
  }
}

function queryObject(search: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(search));
}

type Answer = Response | Plain;

const NO_PARAMS: Record<string, string> = Object.freeze({});

function flatParams(raw: Record<string, string | string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]));
}

/**
 * What a handler is given; the Web Request is built only when a handler reads it. A class, not an
 * object literal with a getter: on the decision path V8 (Node 20) kept such per-request literals
 * alive through young-generation collections, and with them everything else the request made
 * (99.9% of it promoted, 20–70 ms pauses at 14,000 requests/s; 0% as a class).
 */
class Context<M extends AuthMode, B, Q> implements HandlerContext<M, B, Q> {
  constructor(
    readonly actor: ActorFor<M>,
    readonly body: B,
    readonly query: Q,
    readonly params: Record<string, string>,
    readonly meta: RequestMeta,
    private readonly incoming: Incoming,
  ) {}
  get request(): Request {
    return this.incoming.request();
  }
}

type Maybe<T> = T | Promise<T>;

/**
 * The one pipeline of every /api/v1 handler, for one request: resolve the actor (session or API
 * key), parse input with zod, call the service, map errors to problem+json, log. No rules live
 * here. It answers a Response when the handler made one, otherwise plain parts (the Node path
 * writes them without building a Response).
 * Steps that can answer at once (a cached API key, a body already read, a decision from memory) are
 * not awaited, and when every step can, neither is the answer: the decision path makes no promise
 * and waits for no microtask between reading the body and writing the answer. The steps are
 * methods, not closures made per request: a closure is made only where a step returned a promise.
 */
class Exchange<M extends AuthMode, BS extends z.ZodType | undefined, QS extends z.ZodType | undefined> {
  private actor: Actor | null = null;
  private readonly meta: RequestMeta;
  /** Date.now(), not performance.now(): the log line's `ms` is whole milliseconds, and it is the cheaper clock. */
  private readonly started = Date.now();

  constructor(
    private readonly options: RouteOptions<M, BS, QS>,
    private readonly handler: Handler<M, BS, QS>,
    private readonly incoming: Incoming,
    private readonly params: Promise<Record<string, string | string[]>> | undefined,
  ) {
    this.meta = requestMetaFrom(incoming.headers);
  }

  answer(): Maybe<Answer> {
    let answer: Maybe<Answer>;
    try {
      const resolved = resolveActor(this.incoming, this.meta, this.options.auth, this.options.scope);
      answer = resolved instanceof Promise ? resolved.then((r) => this.authorised(r)) : this.authorised(resolved);
    } catch (err) {
      return this.fail(err);
    }
    return answer instanceof Promise ? answer.then((a) => this.finish(a), (err: unknown) => this.fail(err)) : this.finish(answer);
  }

  /** The caller may use the route: the query, the body, the params, then the handler. */
  private authorised(resolved: Resolved): Maybe<Answer> {
    this.actor = resolved.actor;
    if (resolved.refusal) throw resolved.refusal;
    if (!this.actor && this.options.auth !== "public") throw new Unauthenticated();
    const query = (this.options.query ? this.options.query.parse(queryObject(this.incoming.search)) : undefined) as Infer<QS>;
    if (!this.options.body) return this.call(undefined as Infer<BS>, query);
    const raw = readJson(this.incoming, this.options.maxBodyBytes ?? DEFAULT_MAX_BODY);
    return raw instanceof Promise ? raw.then((r) => this.call(this.body(r), query)) : this.call(this.body(raw), query);
  }

  private body(raw: unknown): Infer<BS> {
    return this.options.quickBody?.(raw) ?? (this.options.body!.parse(raw) as Infer<BS>);
  }

  private call(body: Infer<BS>, query: Infer<QS>): Maybe<Answer> {
    if (this.params) return this.params.then((p) => this.respond(body, query, flatParams(p)));
    return this.respond(body, query, NO_PARAMS);
  }

  private respond(body: Infer<BS>, query: Infer<QS>, params: Record<string, string>): Maybe<Answer> {
    const result = this.handler(new Context<M, Infer<BS>, Infer<QS>>(this.actor as ActorFor<M>, body, query, params, this.meta, this.incoming));
    const id = this.successId();
    return result instanceof Promise ? result.then((r: unknown) => toAnswer(r, this.meta.requestId, id)) : toAnswer(result, this.meta.requestId, id);
  }

  /**
   * The request id a successful answer carries before its log line is decided: always on a route
   * that logs every answer; on a sampled one only the caller's own (see takesLogLine).
   */
  private successId(): string | null {
    if ((this.options.logEvery ?? 1) <= 1) return this.meta.requestId;
    return givenRequestId(this.incoming.headers.get("x-request-id"));
  }

  private finish(answer: Answer): Answer {
    const every = this.options.logEvery ?? 1;
    if (!takesLogLine(every, answer.status)) return answer;
    logAnswer(every, this.incoming.method, this.incoming.pathname, this.meta.requestId, this.actor, answer.status, this.started);
    // A sampled success that got its log line carries the id the line names.
    if (!(answer instanceof Response) && !("x-request-id" in answer.headers)) answer.headers["x-request-id"] = this.meta.requestId;
    return answer;
  }

  private fail(err: unknown): Maybe<Answer> {
    const problem = errorToProblem(err, this.meta.requestId, { method: this.incoming.method, path: this.incoming.pathname });
    if (problem.status === 403 && this.actor) return auditDenied(this.actor, this.incoming, err).then(() => this.finish(problem));
    return this.finish(problem);
  }
}

/**
 * A handler's result as the answer: its own Response (with the request id), or the value as JSON
 * with `id` when there is one (Exchange.successId).
 */
function toAnswer(result: unknown, requestId: string, id: string | null): Answer {
  if (result instanceof Response) {
    result.headers.set("x-request-id", requestId);
    return result;
  }
  const headers: Record<string, string> = { "content-type": "application/json", "cache-control": "no-store" };
  if (id !== null) headers["x-request-id"] = id;
  return { status: 200, headers, body: JSON.stringify(result) };
}

/** Every refused access is audited under the caller who was refused; a failed write does not change the answer. */
async function auditDenied(actor: Actor, incoming: Incoming, err: unknown): Promise<void> {
  await recordAudit(await getDb(), actor, {
    action: "access.denied",
    entityType: "route",
    entityId: `${incoming.method} ${incoming.pathname}`,
    after: { reason: (err as Error).message },
  }).catch(() => undefined);
}

/** Sampled routes log every `every`-th successful request (a count, not a random draw). */
let successes = 0;

/**
 * Whether an answer gets a log line: every error, every answer of a route that logs each one
 * (`every` 1), and every `every`-th success of a sampled route (the decision API: one in 100).
 * Asked once per answer: it counts the sampled successes.
 *
 * The `x-request-id` of a sampled route's success is there only when it names something: the log
 * line, when the answer got one, or the caller's own id, which the caller sent to find its request
 * in its own logs. An id of ours on the 99 answers in 100 that leave no trace would send anyone who
 * quoted it looking for nothing, and the header costs about 4% of the decision API's throughput
 * (README, Benchmarks). Errors and every other route always carry it.
 */
export function takesLogLine(every: number, status: number): boolean {
  return every <= 1 || status >= 400 || ++successes % every === 0;
}

/** Who a log line names: a member of staff or an API key (its holder, with or without the request). */
type LoggedCaller = { kind: "staff"; userId: string } | { kind: "service"; apiKeyId: string };

/**
 * The one log line of an answered request (`started`: Date.now() when it arrived), for an answer
 * takesLogLine chose. Exported for the express lane (RouteOptions.express).
 */
export function logAnswer(every: number, method: string, path: string, requestId: string, actor: LoggedCaller | null, status: number, started: number): void {
  const sampled = every > 1 && status < 400;
  log("info", "request", {
    requestId,
    method,
    path,
    status,
    ms: Date.now() - started,
    actor: actor ? (actor.kind === "staff" ? actor.userId : `key:${actor.apiKeyId}`) : null,
    ...(sampled ? { sampled: every } : {}),
  });
}

function fromWeb(request: Request): Incoming {
  const url = new URL(request.url);
  return {
    method: request.method,
    pathname: url.pathname,
    search: url.search,
    headers: request.headers,
    text: async (maxBytes) => {
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
      return Buffer.concat(chunks).toString("utf8");
    },
    request: () => request,
  };
}

/**
 * The Node request, its body already read (`body`), or refused as larger than the route allows
 * (null); it is its own header reader. A class, as the pipeline's other per-request objects are
 * (see Context).
 */
class NodeIncoming implements Incoming, HeaderReader {
  readonly method: string;
  readonly pathname: string;
  readonly search: string;
  readonly headers: HeaderReader = this;
  /** Node builds the headers object on first read, behind a getter: read once. */
  private readonly raw: IncomingMessage["headers"];
  private web: Request | undefined;

  constructor(
    private readonly req: IncomingMessage,
    private readonly body: string | null,
  ) {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    this.method = req.method ?? "GET";
    this.pathname = q === -1 ? url : url.slice(0, q);
    this.search = q === -1 ? "" : url.slice(q);
    this.raw = req.headers;
  }

  get(name: string): string | null {
    const v = this.raw[name];
    return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
  }

  text(maxBytes: number): string {
    if (this.body === null) throw new TooLarge(`The body may be at most ${maxBytes} bytes.`);
    return this.body;
  }

  request(): Request {
    const { req } = this;
    return (this.web ??= new Request(new URL(req.url ?? "/", `http://${this.get("host") ?? "localhost"}`), {
      method: req.method,
      headers: Object.entries(req.headers).flatMap(([k, v]) => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((x): [string, string] => [k, x]))),
    }));
  }
}

/**
 * Reads a Node request's body, at most `maxBytes` of it, then calls `done` with the text, or with
 * null as soon as it is larger (the rest is not read; the answer closes the connection).
 */
function readNodeBody(req: IncomingMessage, maxBytes: number, done: (body: string | null) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const onData = (chunk: Buffer) => {
    size += chunk.byteLength;
    if (size <= maxBytes) return void chunks.push(chunk);
    finished = true;
    req.off("data", onData);
    req.pause();
    done(null);
  };
  req.on("data", onData);
  // No "error" listener: a request that fails (the client went away) never ends, and Node emits
  // its error only to listeners (IncomingMessage's _destroy), so there is nothing to answer.
  req.on("end", () => {
    if (finished) return;
    finished = true;
    done(chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks).toString("utf8"));
  });
}

function writeNode(req: IncomingMessage, res: ServerResponse, answer: Response | Plain): void | Promise<void> {
  if (answer instanceof Response) {
    return answer.arrayBuffer().then((data) => {
      const body = Buffer.from(data);
      res.writeHead(answer.status, { ...SECURITY_HEADERS_OBJECT, ...Object.fromEntries(answer.headers), "content-length": String(body.byteLength) });
      res.end(body);
    });
  }
  // A body left unread (refused as too large) is not drained: the connection closes after the answer.
  const headers = SECURITY_HEADERS_FLAT.slice();
  for (const name in answer.headers) headers.push(name, answer.headers[name]!);
  headers.push("content-length", String(Buffer.byteLength(answer.body)));
  if (!req.complete) headers.push("connection", "close");
  res.writeHead(answer.status, headers);
  res.end(answer.body);
}

/**
 * A refusal made outside a route (no such endpoint, no credentials), answered and logged as a
 * route's would be: problem+json with a request id, the same headers.
 */
export function refuseNode(req: IncomingMessage, res: ServerResponse, error: AppError, headers: Record<string, string> = {}): void {
  const incoming = new NodeIncoming(req, null);
  const meta = requestMetaFrom(incoming.headers);
  const problem = errorToProblem(error, meta.requestId);
  Object.assign(problem.headers, headers);
  if (takesLogLine(1, problem.status)) logAnswer(1, incoming.method, incoming.pathname, meta.requestId, null, problem.status, Date.now());
  writeNode(req, res, problem);
}

/**
 * A handler's value as a route answers it on the Node path (200, JSON, no caching, the request id
 * when there is one, the headers every answer carries): for the express lane (RouteOptions.express).
 */
export function answerJsonNode(req: IncomingMessage, res: ServerResponse, value: unknown, requestId: string | null): void {
  // toAnswer's headers and writeNode's, in the same order, without the object between them.
  const body = JSON.stringify(value);
  const headers = SECURITY_HEADERS_FLAT.slice();
  headers.push("content-type", "application/json", "cache-control", "no-store");
  if (requestId !== null) headers.push("x-request-id", requestId);
  headers.push("content-length", String(Buffer.byteLength(body)));
  if (!req.complete) headers.push("connection", "close");
  res.writeHead(200, headers);
  res.end(body);
}

/** A JSON answer made outside a route (a health check), with the headers every answer carries. */
export function sendNode(req: IncomingMessage, res: ServerResponse, status: number, data: unknown): void {
  writeNode(req, res, { status, headers: { "content-type": "application/json", "cache-control": "no-store" }, body: JSON.stringify(data) });
}

/** What the pipeline could not turn into an answer (a bug): logged, and a bare 500. */
function nodeFailed(res: ServerResponse, e: unknown): void {
  log("error", "fast path failed", describeError(e));
  if (!res.headersSent) res.writeHead(500);
  res.end();
}

/**
 * A route handler for Next (`export const POST = apiRoute(...)`). Routes for API keys also carry
 * `.node`: the same pipeline on a bare Node request, which the production server
 * (scripts/server.mjs) calls for the wallet platform's hot paths (decisions, events) before Next's
 * router (see lib/http/fast-routes.ts).
 * `.node` takes only requests that carry an Authorization header and answers false for the rest,
 * so a signed-in browser's request still goes through Next and gets exactly the same answer.
 */
export function apiRoute<M extends AuthMode, BS extends z.ZodType | undefined = undefined, QS extends z.ZodType | undefined = undefined>(
  options: RouteOptions<M, BS, QS>,
  handler: Handler<M, BS, QS>,
): WebRouteHandler & { node: NodeRouteHandler } {
  const web: WebRouteHandler = async (request, context = {}) => {
    const answer = await new Exchange(options, handler, fromWeb(request), context.params).answer();
    return answer instanceof Response ? answer : new Response(answer.body, { status: answer.status, headers: answer.headers });
  };
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const node: NodeRouteHandler = (req, res) => {
    if (!req.headers.authorization) return false;
    readNodeBody(req, maxBody, (body) => {
      try {
        if (body !== null && options.express?.(req, res, body)) return;
        const answer = new Exchange(options, handler, new NodeIncoming(req, body), undefined).answer();
        const written = answer instanceof Promise ? answer.then((a) => writeNode(req, res, a)) : writeNode(req, res, answer);
        if (written instanceof Promise) written.catch((e: unknown) => nodeFailed(res, e));
      } catch (e) {
        nodeFailed(res, e);
      }
    });
    return true;
  };
  return Object.assign(web, { node });
}

type WebRouteHandler = (request: Request, context?: { params?: Promise<Record<string, string | string[]>> }) => Promise<Response>;
/** Takes the request (true) or leaves it to Next (false). */
export type NodeRouteHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

export { problemResponse };
