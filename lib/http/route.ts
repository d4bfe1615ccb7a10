import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { z } from "zod";
import { getDb } from "@/db";
import type { ApiKeyScope } from "@/db/schema";
import type { Actor, RequestMeta, ServiceActor, StaffActor } from "@/lib/auth/actor";
import { loadApiKeyActor } from "@/lib/auth/api-key";
import { requestMetaFrom, type HeaderReader } from "@/lib/auth/request-meta";
import { sessionIdFrom } from "@/lib/auth/session-cookie";
import { loadSessionActor } from "@/lib/auth/sessions";
import { recordAudit } from "@/lib/audit/write";
import { AppError, BadRequest, Forbidden, NotFound, TooLarge, Unauthenticated } from "@/lib/errors";
import type { AuthMode, RouteSpec, UploadSpec } from "@/lib/openapi/spec";
import { describeError, errorToProblem, problemResponse, type ProblemParts } from "./problem";
import { API_SECURITY_HEADERS } from "./security-headers.js";
import { log } from "./log";
import { MULTIPART_OVERHEAD, readMultipartFile, tooLargeFile, type UploadedFile } from "./multipart";
import { refuseNul } from "./nul";
import { queryObject } from "./query";
import { claimIdempotencyKey, completeIdempotencyKey, idempotencyRequestHash, idempotencyScope, keepsAnswer, releaseIdempotencyKey } from "./idempotency";
import { checkIdempotencyKey, IDEMPOTENCY_HEADER } from "./idempotency-key";

type ActorFor<M extends AuthMode> = M extends "staff"
  ? StaffActor
  : M extends "service"
    ? ServiceActor
    : M extends "staff_or_service"
      ? Actor
      : Actor | null;

export interface HandlerContext<M extends AuthMode, B, Q, P> {
  actor: ActorFor<M>;
  body: B;
  query: Q;
  /** The path's parameters as the declaration's `params` schema parsed them. */
  params: P;
  request: Request;
  meta: RequestMeta;
  /**
   * The file of a route declared with `upload` (multipart/form-data), read when called: a service
   * checks who may upload, and the case, before the bytes are read (lib/http/multipart.ts).
   */
  upload(): Promise<UploadedFile>;
}

type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;
type ParamsOf<S> = S extends z.ZodType ? z.output<S> : Record<string, never>;
type AnySchema = z.ZodType | undefined;

/** A route's work: a value (sent as JSON with the declared success status), a Response, or a promise of either. */
export type RouteHandler<M extends AuthMode, P extends AnySchema, Q extends AnySchema, B extends AnySchema> = (
  ctx: HandlerContext<M, Infer<B>, Infer<Q>, ParamsOf<P>>,
) => unknown;

const DEFAULT_MAX_BODY = 256 * 1024;

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** The headers next.config.js adds to Next's API answers, for API answers made without it. */
const SECURITY_HEADERS_OBJECT: Record<string, string> = Object.fromEntries(API_SECURITY_HEADERS.map((h) => [h.key, h.value]));
const SECURITY_HEADERS_FLAT: string[] = API_SECURITY_HEADERS.flatMap((h) => [h.key, h.value]);

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
  /** The whole body as text; fails with TooLarge as soon as it passes `maxBytes` (and reads no further). */
  text(maxBytes: number): Promise<string>;
  /** The body as a stream (the Web path only; the Node path has read it already). */
  stream(): ReadableStream<Uint8Array> | null;
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
 */
async function resolveActor(incoming: Incoming, meta: RequestMeta, mode: AuthMode, scope?: ApiKeyScope): Promise<Resolved> {
  const authz = incoming.headers.get("authorization");
  if (authz) {
    const token = bearerToken(authz);
    if (token === null) throw new Unauthenticated("Use 'Authorization: Bearer <api key>'.");
    return judgeKey(await loadApiKeyActor(await getDb(), token, meta), mode, scope);
  }
  return resolveSession(incoming, meta, mode);
}

async function resolveSession(incoming: Incoming, meta: RequestMeta, mode: AuthMode): Promise<Resolved> {
  const sid = await sessionIdFrom(incoming.headers);
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

async function readJson(incoming: Incoming, maxBytes: number): Promise<unknown> {
  const type = incoming.headers.get("content-type") ?? "";
  if (!JSON_TYPE.test(type)) throw new AppError(415, "unsupported_media_type", "Send the body as application/json.");
  const declared = Number(incoming.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new TooLarge(`The body may be at most ${maxBytes} bytes.`);
  return parseJson(await incoming.text(maxBytes));
}

function parseJson(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // An empty (or blank) body is not valid JSON either; it gets its own message.
    if (!text.trim()) throw new BadRequest("The body is empty; send a JSON document.", { body: { code: "required" } });
    throw new BadRequest("The body is not valid JSON.", { body: { code: "json" } });
  }
  // JSON carries U+0000 only as the escape: the text is searched, and the value only when it has one.
  if (text.includes("\\u0000")) refuseNul(value);
  return value;
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
class Context<M extends AuthMode, B, Q, P> implements HandlerContext<M, B, Q, P> {
  constructor(
    readonly actor: ActorFor<M>,
    readonly body: B,
    readonly query: Q,
    readonly params: P,
    readonly meta: RequestMeta,
    private readonly incoming: Incoming,
    private readonly uploadSpec: UploadSpec | undefined,
    /** The file, when the pipeline had to read it first (an upload under an Idempotency-Key). */
    private readonly uploaded?: UploadedFile,
  ) {}
  get request(): Request {
    return this.incoming.request();
  }
  /** A getter, so `({ upload }) => …` keeps its request (made only when a handler asks). */
  get upload(): () => Promise<UploadedFile> {
    const read = this.uploaded;
    return read ? () => Promise.resolve(read) : () => readUpload(this.incoming, this.uploadSpec);
  }
}

/** The one file of an `upload` route; a body declared larger than the file may be is refused before a byte is read. */
async function readUpload(incoming: Incoming, spec: UploadSpec | undefined): Promise<UploadedFile> {
  if (!spec) throw new Error("This route declares no upload.");
  const declared = Number(incoming.headers.get("content-length") ?? "0");
  const type = incoming.headers.get("content-type");
  if (declared > spec.maxBytes + MULTIPART_OVERHEAD && type?.toLowerCase().startsWith("multipart/form-data")) throw tooLargeFile(spec);
  return readMultipartFile(incoming.stream(), type, spec);
}

/**
 * The one pipeline of every /api/v1 handler, for one request, whichever host carried it (Next's
 * route handler or the Node adapter): resolve the actor (session or API key), parse input with zod,
 * call the service, map errors to problem+json, log. No rules live here. It answers a Response when
 * the handler made one, otherwise plain parts (the Node adapter writes them without building a
 * Response). Every answer carries the request id, successes included.
 */
async function run<M extends AuthMode, P extends AnySchema, Q extends AnySchema, B extends AnySchema>(
  options: RouteSpec<M, P, Q, B>,
  handler: RouteHandler<M, P, Q, B>,
  incoming: Incoming,
  paramsPromise: Promise<Record<string, string | string[]>> | undefined,
): Promise<Answer> {
  const meta = requestMetaFrom(incoming.headers);
  // Only a POST may carry an Idempotency-Key; without one (the decision API's calls) nothing else is read or done.
  const idempotencyKey = incoming.method === "POST" ? incoming.headers.get(IDEMPOTENCY_HEADER) : null;
  /** Date.now(), not performance.now(): the log line's `ms` is whole milliseconds, and it is the cheaper clock. */
  const started = Date.now();
  let actor: Actor | null = null;
  let answer: Answer;
  try {
    const resolved = await resolveActor(incoming, meta, options.auth, options.scope);
    actor = resolved.actor;
    if (resolved.refusal) throw resolved.refusal;
    if (!actor && options.auth !== "public") throw new Unauthenticated();
    if (idempotencyKey !== null) checkIdempotencyKey(idempotencyKey);
    const query = (options.query ? options.query.parse(queryObject(incoming.search, options.query)) : undefined) as Infer<Q>;
    const raw = options.body ? await readJson(incoming, options.maxBodyBytes ?? DEFAULT_MAX_BODY) : undefined;
    const body = (options.body ? options.body.parse(raw) : undefined) as Infer<B>;
    const params = parseParams(options.params, paramsPromise ? flatParams(await paramsPromise) : NO_PARAMS) as ParamsOf<P>;
    // An upload under an Idempotency-Key is read before the key is claimed: the file (its hash) is part of the request the key names.
    const uploaded = options.upload && idempotencyKey !== null && actor ? await readUpload(incoming, options.upload) : undefined;
    const context = new Context<M, Infer<B>, Infer<Q>, ParamsOf<P>>(actor as ActorFor<M>, body, query, params, meta, incoming, options.upload, uploaded);
    if (idempotencyKey !== null && actor) {
      const hashed = uploaded ? { file: { name: uploaded.fileName, size: uploaded.size, sha256: uploaded.sha256 } } : raw;
      answer = await answerOnce(actor, idempotencyKey, idempotencyRequestHash(incoming.method, incoming.pathname + incoming.search, hashed), meta.requestId, async () => {
        try {
          return toAnswer(await handler(context), meta.requestId, options.successStatus ?? 200);
        } catch (err) {
          return failure(err, incoming, meta.requestId, actor);
        }
      });
    } else {
      answer = toAnswer(await handler(context), meta.requestId, options.successStatus ?? 200);
    }
  } catch (err) {
    answer = await failure(err, incoming, meta.requestId, actor);
  }
  logRequest(options.logEvery ?? 1, incoming.method, incoming.pathname, meta.requestId, actor, answer.status, started);
  return answer;
}

/** An error as the answer (problem+json); a refusal (403) is audited under the caller who was refused. */
async function failure(err: unknown, incoming: Incoming, requestId: string, actor: Actor | null): Promise<Plain> {
  const problem = errorToProblem(err, requestId, { method: incoming.method, path: incoming.pathname });
  if (problem.status === 403 && actor) await auditDenied(actor, incoming, err);
  return problem;
}

/**
 * A POST with an Idempotency-Key (lib/http/idempotency.ts): the first request with the key runs
 * (`work`: the handler and its errors, as an answer) and its answer is kept, or released when it
 * is one a retry must not get (`keepsAnswer`); a later one with the same key and request gets that
 * answer again, body byte for byte, marked `idempotent-replayed`. Another request under the key is
 * 422 and one while the first runs 409 (thrown: the pipeline answers them, and keeps nothing).
 */
async function answerOnce(actor: Actor, key: string, requestHash: string, requestId: string, work: () => Promise<Answer>): Promise<Answer> {
  const db = await getDb();
  const scope = idempotencyScope(actor);
  const replay = await claimIdempotencyKey(db, scope, key, requestHash);
  if (replay) {
    return {
      status: replay.status,
      headers: { "content-type": replay.contentType, "cache-control": "no-store", "x-request-id": requestId, "idempotent-replayed": "true" },
      body: replay.body,
    };
  }
  let answer: Answer;
  try {
    answer = await work();
  } catch (e) {
    await releaseIdempotencyKey(db, scope, key).catch(() => undefined);
    throw e;
  }
  if (!keepsAnswer(answer.status)) {
    await releaseIdempotencyKey(db, scope, key).catch((e: Error) => log("warn", "idempotency key: could not release", { requestId, err: e.message }));
    return answer;
  }
  // A handler's own Response is read once to be kept, and sent as the plain parts it was.
  const plain: Plain = answer instanceof Response ? { status: answer.status, headers: Object.fromEntries(answer.headers), body: await answer.text() } : answer;
  const contentType = plain.headers["content-type"] ?? "application/json";
  await completeIdempotencyKey(db, scope, key, { status: plain.status, contentType, body: plain.body }).catch((e: Error) =>
    // The change is made: the answer goes out; a retry with the key gets 409 until the claim is stale.
    log("warn", "idempotency key: could not keep the answer", { requestId, err: e.message }),
  );
  return plain;
}

/** The path's parameters through the declaration's schema: a value it refuses names nothing (404). */
function parseParams(schema: z.ZodType | undefined, raw: Record<string, string>): unknown {
  if (!schema) return raw;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new NotFound();
  return parsed.data;
}

/** A handler's result as the answer: its own Response, or the value as JSON with the success status; either with the request id. */
function toAnswer(result: unknown, requestId: string, status: number): Answer {
  if (result instanceof Response) {
    result.headers.set("x-request-id", requestId);
    return result;
  }
  return { status, headers: { "content-type": "application/json", "cache-control": "no-store", "x-request-id": requestId }, body: JSON.stringify(result) };
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
 * The one log line of an answered request (`started`: Date.now() when it arrived): every error,
 * every answer of a route that logs each one (`every` 1), and every `every`-th success of a sampled
 * route (the decision API: one in 100; the line carries `sampled`).
 */
function logRequest(every: number, method: string, path: string, requestId: string, actor: Actor | null, status: number, started: number): void {
  const sampled = every > 1 && status < 400;
  if (sampled && ++successes % every !== 0) return;
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
    stream: () => request.body,
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

  async text(maxBytes: number): Promise<string> {
    if (this.body === null) throw new TooLarge(`The body may be at most ${maxBytes} bytes.`);
    return this.body;
  }

  stream(): null {
    return null;
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

async function writeNode(req: IncomingMessage, res: ServerResponse, answer: Answer): Promise<void> {
  if (answer instanceof Response) {
    const body = Buffer.from(await answer.arrayBuffer());
    res.writeHead(answer.status, { ...SECURITY_HEADERS_OBJECT, ...Object.fromEntries(answer.headers), "content-length": String(body.byteLength) });
    res.end(body);
    return;
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
  logRequest(1, incoming.method, incoming.pathname, meta.requestId, null, problem.status, Date.now());
  void writeNode(req, res, problem);
}

/** A JSON answer made outside a route (a health check), with the headers every answer carries. */
export function sendNode(req: IncomingMessage, res: ServerResponse, status: number, data: unknown): void {
  void writeNode(req, res, { status, headers: { "content-type": "application/json", "cache-control": "no-store" }, body: JSON.stringify(data) });
}

/** What the pipeline could not turn into an answer (a bug): logged, and a bare 500. */
function nodeFailed(res: ServerResponse, e: unknown): void {
  log("error", "fast path failed", describeError(e));
  if (!res.headersSent) res.writeHead(500);
  res.end();
}

/**
 * A route handler for Next, from the operation's declaration (lib/<area>/openapi.ts):
 * `export const GET = apiRoute(controlsRoutes.list, ({ actor, query }) => listControls(actor, query))`.
 * The declaration says who may call, the path parameters, query and body and their schemas, and the
 * success status; the handler only calls the service. Routes for API keys also carry
 * `.node`: the same pipeline on a bare Node request, which the production server
 * (scripts/server.mjs) calls for the wallet platform's hot paths (decisions, events) before Next's
 * router (see lib/http/fast-routes.ts).
 * `.node` takes only requests that carry an Authorization header and answers false for the rest,
 * so a signed-in browser's request still goes through Next and gets exactly the same answer.
 */
export function apiRoute<M extends AuthMode, P extends AnySchema, Q extends AnySchema, B extends AnySchema>(
  options: RouteSpec<M, P, Q, B>,
  handler: RouteHandler<M, P, Q, B>,
): WebRouteHandler & { node: NodeRouteHandler } {
  const web: WebRouteHandler = async (request, context = {}) => {
    const answer = await run(options, handler, fromWeb(request), context.params);
    return answer instanceof Response ? answer : new Response(answer.body, { status: answer.status, headers: answer.headers });
  };
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const node: NodeRouteHandler = (req, res) => {
    // Uploads stream through the Web path; the Node path reads bodies whole.
    if (!req.headers.authorization || options.upload) return false;
    readNodeBody(req, maxBody, (body) => {
      run(options, handler, new NodeIncoming(req, body), undefined)
        .then((answer) => writeNode(req, res, answer))
        .catch((e: unknown) => nodeFailed(res, e));
    });
    return true;
  };
  return Object.assign(web, { node });
}

type WebRouteHandler = (request: Request, context?: { params?: Promise<Record<string, string | string[]>> }) => Promise<Response>;
/** Takes the request (true) or leaves it to Next (false). */
export type NodeRouteHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

export { problemResponse };
