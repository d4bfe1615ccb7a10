import path from "node:path";
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Db } from "@/db";
import { stopControlSnapshot } from "@/lib/controls/snapshot";
import { stopDecisionCounters } from "@/lib/decisions/counters";
import { ROUTES } from "@/lib/openapi/document";
import { undeclaredProblem } from "@/lib/openapi/problems";
import type { RouteSpec } from "@/lib/openapi/spec";
import { describeEachDb } from "../support/db";
import { sessionCookie } from "../support/session-cookie";
import { changesSince, installJournal, unexpectedChanges } from "./fuzz/journal";
import { concretePath, describeRequest, requestArb, type FuzzRequest } from "./fuzz/requests";
import { fuzzWorld, runsFor, type Caller, type FuzzWorld } from "./fuzz/world";

/** Requests per operation and caller let in by the declaration; and per caller refused at the door. */
const RUNS = Number(process.env.LINKGUARD_FUZZ_RUNS ?? 10);
const REFUSED_RUNS = Math.max(1, Math.round(RUNS / 5));
/** One seed for the whole file (the day of the incident), so a failure repeats; set LINKGUARD_FUZZ_SEED to explore. */
const SEED = Number(process.env.LINKGUARD_FUZZ_SEED ?? 20200914);

type Handler = (request: Request, context?: { params?: Promise<Record<string, string>> }) => Promise<Response>;

/** The handler Next would call for this operation: the route module at the operation's path. */
async function handlerOf(route: RouteSpec): Promise<Handler> {
  const file = path.join(process.cwd(), "app", route.path.replace(/\{(\w+)\}/g, "[$1]"), "route.ts");
  const mod = (await import(/* @vite-ignore */ file)) as Record<string, Handler | undefined>;
  const handler = mod[route.method.toUpperCase()];
  if (!handler) throw new Error(`${file} exports no ${route.method.toUpperCase()}`);
  return handler;
}

function seedOf(text: string): number {
  let h = SEED | 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}

/** A staff caller's Cookie header, per session id (the sessions are real: signed in with password and one-time code). */
const cookies = new Map<string, Promise<string>>();
function cookieOf(sessionId: string): Promise<string> {
  let c = cookies.get(sessionId);
  if (!c) cookies.set(sessionId, (c = sessionCookie(sessionId)));
  return c;
}

/** The request as the caller's browser or integration would send it. */
async function build(route: RouteSpec, caller: Caller, req: FuzzRequest): Promise<Request> {
  const headers = new Headers();
  if (caller.kind === "service") headers.set("authorization", `Bearer ${caller.key}`);
  // A browser's own request: its session cookie, same origin (the pipeline refuses cross-origin changes by cookie).
  if (caller.kind === "staff") {
    headers.set("cookie", await cookieOf(caller.sessionId));
    headers.set("host", "localhost");
    headers.set("origin", "http://localhost");
  }
  if (req.body?.contentType) headers.set("content-type", req.body.contentType);
  return new Request(`http://localhost${concretePath(route, req.params)}${req.search}`, {
    method: route.method.toUpperCase(),
    headers,
    body: req.body === null ? undefined : req.body.data,
  });
}

interface Answer {
  status: number;
  type: string | null;
  text: string;
}

async function send(handler: Handler, route: RouteSpec, caller: Caller, req: FuzzRequest): Promise<Answer> {
  const hasParams = route.path.includes("{");
  const res = await handler(await build(route, caller, req), hasParams ? { params: Promise.resolve(req.params) } : undefined);
  // Read to the end: a streamed answer (a CSV export) fails while it is read, not before.
  return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
}

/** What is wrong with an answer (null: nothing): only 2xx, or 4xx problem+json with a code its operation declares. */
function answerProblem(route: RouteSpec, a: Answer): string | null {
  if (a.status >= 200 && a.status < 300) return null;
  if (a.status < 400 || a.status >= 500) return `status ${a.status}`;
  if (!a.type?.startsWith("application/problem+json")) return `a ${a.status} as ${a.type ?? "no content type"}`;
  try {
    const problem = JSON.parse(a.text) as { code?: unknown; status?: unknown };
    if (typeof problem.code !== "string" || !problem.code) return `a ${a.status} problem without a code`;
    if (problem.status !== a.status) return `a ${a.status} problem that says status ${String(problem.status)}`;
    const undeclared = undeclaredProblem(route, a.status, problem.code);
    if (undeclared) return undeclared;
  } catch {
    return `a ${a.status} problem+json that is not JSON`;
  }
  return null;
}

/** LINKGUARD_FUZZ_REPORT=1 prints each operation's time and answers (status, and the fields a 4xx names). */
const REPORT = Boolean(process.env.LINKGUARD_FUZZ_REPORT);

function tallyAnswer(tally: Record<string, number>, a: Answer): void {
  let key = String(a.status);
  try {
    if (a.status >= 400) key += ` ${Object.keys((JSON.parse(a.text) as { errors?: object }).errors ?? {}).sort().join(",")}`;
  } catch {
    key += " (not JSON)";
  }
  tally[key.trim()] = (tally[key.trim()] ?? 0) + 1;
}

describeEachDb("the /api/v1 fuzz", (ctx) => {
  let db: Db;
  let world: FuzzWorld;
  /** The journal's last seq seen: changes after it were made by the request being judged. */
  let seen = 0;

  beforeAll(async () => {
    db = ctx.handle.db;
    world = await fuzzWorld(db);
    await installJournal(db);
  });
  afterAll(async () => {
    await stopDecisionCounters();
    await stopControlSnapshot();
  });

  it("notes every committed change in the journal, but not a session's last-seen time, a write that changes nothing, or a rolled-back one", async () => {
    const before = Math.max(0, ...(await changesSince(db, 0)).map((c) => c.seq));
    await db.execute(sql`update staff_sessions set last_seen_at = now()`);
    await db.execute(sql`update organisations set name_en = name_en where bank_code = '0101'`);
    await db
      .transaction(async (tx) => {
        await tx.execute(sql`update users set display_name = display_name || '!'`);
        tx.rollback();
      })
      .catch(() => undefined);
    expect(await changesSince(db, before)).toEqual([]);
    await db.execute(sql`update organisations set name_en = name_en || '!' where bank_code = '0101'`);
    await db.execute(sql`update organisations set name_en = rtrim(name_en, '!') where bank_code = '0101'`);
    const noted = await changesSince(db, before);
    expect(noted.map((c) => `${c.op} ${c.tbl}`)).toEqual(["UPDATE organisations", "UPDATE organisations"]);
    seen = noted.at(-1)!.seq;
  });

  it("refuses U+0000 in a JSON body or a query parameter as 422 naming the field, and stores nothing", async () => {
    const key = world.callers.find((c) => c.kind === "service" && c.name.includes("every scope"))!;
    const requestsRoute = ROUTES.find((r) => r.method === "post" && r.path === "/api/v1/control-requests")!;
    const body = { contentType: "application/json", data: JSON.stringify({ bankCode: "0101", control: "registrations", toState: "open", reason: "Waiting\u0000 for nothing" }) };
    const posted = await send(await handlerOf(requestsRoute), requestsRoute, key, { params: {}, search: "", body });
    expect(posted.status).toBe(422);
    expect((JSON.parse(posted.text) as { errors: Record<string, string> }).errors).toEqual({ reason: { code: "nul" } });
    const listRoute = ROUTES.find((r) => r.method === "get" && r.path === "/api/v1/controls")!;
    const listed = await send(await handlerOf(listRoute), listRoute, key, { params: {}, search: "?q=a%00b", body: null });
    expect(listed.status).toBe(422);
    expect(Object.keys((JSON.parse(listed.text) as { errors: Record<string, string> }).errors)).toEqual(["q"]);
    const changes = await changesSince(db, seen);
    expect(unexpectedChanges(changes)).toEqual([]);
    seen = Math.max(seen, ...changes.map((c) => c.seq));
  });

  for (const route of ROUTES) {
    it(`${route.method.toUpperCase()} ${route.path} answers every caller's fuzzed input with 2xx or a 4xx problem+json its declaration lists, and a 4xx changes nothing`, async () => {
      const handler = await handlerOf(route);
      const tally: Record<string, number> = {};
      const started = Date.now();
      seen = Math.max(seen, ...(await changesSince(db, seen)).map((c) => c.seq));
      for (const caller of world.callers) {
        const property = fc.asyncProperty(requestArb(route, world.pathValues), async (req) => {
          const answer = await send(handler, route, caller, req);
          const changes = await changesSince(db, seen);
          if (changes.length) seen = changes.at(-1)!.seq;
          if (REPORT) tallyAnswer(tally, answer);
          const wrong = answerProblem(route, answer);
          const changed = answer.status >= 400 ? unexpectedChanges(changes) : [];
          if (wrong || changed.length) {
            throw new Error(
              [
                `${caller.name}: ${describeRequest(route, req)}`,
                wrong ? `answered ${wrong}: ${answer.text.slice(0, 500)}` : `answered ${answer.status} ${answer.text.slice(0, 300)}`,
                ...(changed.length ? [`and changed the database: ${changed.map((c) => `${c.op} ${c.tbl}${c.action ? ` (${c.action})` : ""}`).join(", ")}`] : []),
              ].join("\n"),
            );
          }
        });
        await fc.assert(property, { seed: seedOf(`${route.method} ${route.path} ${caller.name}`), numRuns: runsFor(route, caller, RUNS, REFUSED_RUNS), endOnFailure: true });
      }
      if (REPORT) console.log(`${ctx.kind} ${route.method.toUpperCase()} ${route.path} ${Date.now() - started} ms`, JSON.stringify(tally));
    });
  }
});
