import crypto from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as cancelRoute } from "@/app/api/v1/control-requests/[requestId]/cancel/route";
import { POST as requestRoute } from "@/app/api/v1/control-requests/route";
import { POST as createStaffRoute } from "@/app/api/v1/admin/users/route";
import { setDatabase, type DatabaseHandle } from "@/db";
import { auditLog, controlChangeRequests, idempotencyKeys, users } from "@/db/schema";
import { tighten } from "@/lib/controls/service";
import { IDEMPOTENCY_SWEEP_LOCK, sweepIdempotencyKeys } from "@/lib/http/idempotency";
import { openApiDocument, ROUTES } from "@/lib/openapi/document";
import { controlsFixture, type ControlsFixture } from "../controls/fixtures";
import { signedIn } from "../admin/support";
import { describeEachDb, freshDatabase, POSTGRES_URL } from "../support/db";
import { sessionCookie } from "../support/session-cookie";

/** A caller: an API key, or a signed-in browser's Cookie header (tests/support/session-cookie.ts). */
type Caller = { apiKey: string } | { cookie: string };

function post(url: string, caller: Caller, body: unknown, idempotencyKey?: string): Request {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if ("apiKey" in caller) headers.authorization = `Bearer ${caller.apiKey}`;
  else {
    headers.cookie = caller.cookie;
    headers["sec-fetch-site"] = "same-origin";
  }
  if (idempotencyKey !== undefined) headers["idempotency-key"] = idempotencyKey;
  return new Request(`http://localhost${url}`, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });
}

/** Calls a route with the request (made by `post` for its caller). */
async function call(route: (r: Request, c?: { params?: Promise<Record<string, string>> }) => Promise<Response>, request: Request, params?: Record<string, string>) {
  const res = await route(request, params ? { params: Promise.resolve(params) } : undefined);
  return { status: res.status, headers: res.headers, text: await res.text() };
}

const newKey = () => crypto.randomUUID();

/** Banks whose charges the suite suspends, so each test can ask to loosen one of its own. */
const BANKS = ["0101", "0108", "0115", "0122", "0129", "0136", "0143", "0150", "0157", "0164"];

async function setUp(db: DatabaseHandle["db"]) {
  const f = await controlsFixture(db);
  const manager = await f.actor("manager@carrier.demo");
  for (const code of BANKS) {
    if (f.bankCodes.includes(code)) await tighten(manager, code, { control: "charges", toState: "suspended", reason: "Idempotency test set-up", confirmBankCode: code });
  }
  const keyA = ((await f.key("carrier", ["controls"])) as unknown as { keyValue: string }).keyValue;
  const keyB = ((await f.key("carrier", ["controls"])) as unknown as { keyValue: string }).keyValue;
  const banks = BANKS.filter((c) => f.bankCodes.includes(c));
  return { f, a: { apiKey: keyA } as Caller, b: { apiKey: keyB } as Caller, banks };
}

const loosen = (bankCode: string, reason = "Bank confirms the accounts are safe") => ({ bankCode, control: "charges", toState: "strong_only", reason });

async function requestsFor(f: ControlsFixture, bankCode: string) {
  return f.db.select().from(controlChangeRequests).where(eq(controlChangeRequests.bankId, f.bankId(bankCode)));
}

describeEachDb("Idempotency-Key on the API's POSTs", (ctx) => {
  let f: ControlsFixture;
  let a: Caller;
  let b: Caller;
  let banks: string[];
  beforeAll(async () => {
    ({ f, a, b, banks } = await setUp(ctx.handle.db));
  });

  it("a replay with the same key and body returns the first answer byte for byte, marked replayed, and changes nothing twice", async () => {
    const bank = banks[0]!;
    const key = newKey();
    const first = await call(requestRoute, post("/api/v1/control-requests", a, loosen(bank), key));
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const auditBefore = await f.db.select({ n: sql<number>`count(*)::int` }).from(auditLog);

    // The same JSON with other spacing and key order is the same request.
    const again = JSON.stringify({ reason: loosen(bank).reason, toState: "strong_only", control: "charges", bankCode: bank }, null, 2);
    for (const body of [loosen(bank), again]) {
      const replay = await call(requestRoute, post("/api/v1/control-requests", a, body, key));
      expect(replay.status).toBe(201);
      expect(replay.text).toBe(first.text);
      expect(replay.headers.get("idempotent-replayed")).toBe("true");
      expect(replay.headers.get("content-type")).toBe("application/json");
      expect(replay.headers.get("x-request-id")).toBeTruthy();
    }
    expect(await requestsFor(f, bank)).toHaveLength(1);
    expect(await f.db.select({ n: sql<number>`count(*)::int` }).from(auditLog)).toEqual(auditBefore);
  });

  it("the same key with another body, or on another path, is 422 idempotency_key_reused and runs nothing", async () => {
    const [bank, other] = [banks[1]!, banks[2]!];
    const key = newKey();
    expect((await call(requestRoute, post("/api/v1/control-requests", a, loosen(bank), key))).status).toBe(201);
    const reused = await call(requestRoute, post("/api/v1/control-requests", a, loosen(other), key));
    expect(reused.status).toBe(422);
    expect(reused.headers.get("content-type")).toBe("application/problem+json");
    expect(JSON.parse(reused.text)).toMatchObject({ status: 422, code: "idempotency_key_reused" });
    const [request] = await requestsFor(f, bank);
    const onCancel = await call(cancelRoute, post(`/api/v1/control-requests/${request!.id}/cancel`, a, {}, key), { requestId: request!.id });
    expect(JSON.parse(onCancel.text)).toMatchObject({ status: 422, code: "idempotency_key_reused" });
    expect(await requestsFor(f, other)).toHaveLength(0);
    expect((await requestsFor(f, bank))[0]!.status).toBe("pending");
  });

  it("a request refused by validation keeps nothing: the corrected request with the same key runs", async () => {
    const bank = banks[3]!;
    const key = newKey();
    const refused = await call(requestRoute, post("/api/v1/control-requests", a, loosen(bank, "x"), key));
    expect(refused.status).toBe(422);
    expect(JSON.parse(refused.text)).toMatchObject({ code: "invalid" });
    const broken = await call(requestRoute, post("/api/v1/control-requests", a, "{not json", key));
    expect(broken.status).toBe(400);
    expect(await f.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key))).toHaveLength(0);

    const corrected = await call(requestRoute, post("/api/v1/control-requests", a, loosen(bank), key));
    expect(corrected.status).toBe(201);
    expect(corrected.headers.get("idempotent-replayed")).toBeNull();
    expect(await requestsFor(f, bank)).toHaveLength(1);
  });

  it("an error the service answered is kept and replayed too (404), and so is a later success not run in its place", async () => {
    const key = newKey();
    const missing = crypto.randomUUID();
    const first = await call(cancelRoute, post(`/api/v1/control-requests/${missing}/cancel`, a, {}, key), { requestId: missing });
    expect(first.status).toBe(404);
    const replay = await call(cancelRoute, post(`/api/v1/control-requests/${missing}/cancel`, a, {}, key), { requestId: missing });
    expect(replay.status).toBe(404);
    expect(replay.text).toBe(first.text);
    expect(replay.headers.get("content-type")).toBe("application/problem+json");
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
  });

  it("another caller's same key is another key: it runs on its own, and each caller replays its own answer", async () => {
    const [bankA, bankB] = [banks[4]!, banks[5]!];
    const key = newKey();
    const byA = await call(requestRoute, post("/api/v1/control-requests", a, loosen(bankA), key));
    const byB = await call(requestRoute, post("/api/v1/control-requests", b, loosen(bankB), key));
    expect([byA.status, byB.status]).toEqual([201, 201]);
    expect(byB.headers.get("idempotent-replayed")).toBeNull();
    expect((await call(requestRoute, post("/api/v1/control-requests", a, loosen(bankA), key))).text).toBe(byA.text);
    expect((await call(requestRoute, post("/api/v1/control-requests", b, loosen(bankB), key))).text).toBe(byB.text);
    expect(await requestsFor(f, bankA)).toHaveLength(1);
    expect(await requestsFor(f, bankB)).toHaveLength(1);
  });

  it("a key that is not 1–255 printable ASCII characters is 400 idempotency_key_invalid and nothing runs", async () => {
    const bank = banks[6]!;
    for (const bad of ["", "k".repeat(256), "clé"]) {
      const res = await call(requestRoute, post("/api/v1/control-requests", a, loosen(bank), bad));
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(JSON.parse(res.text)).toMatchObject({ code: "idempotency_key_invalid" });
    }
    expect(await requestsFor(f, bank)).toHaveLength(0);
    expect((await call(requestRoute, post("/api/v1/control-requests", a, loosen(bank), "k".repeat(255)))).status).toBe(201);
  });

  it("a staff member's replayed admin action gives the same person and temporary password once made, and the kept answer is sealed", async () => {
    const admin: Caller = { cookie: await sessionCookie((await signedIn(f.db, "admin@carrier.demo")).sessionId) };
    const key = newKey();
    const person = { email: `idem-${key.slice(0, 8)}@carrier.demo`, displayName: "Idem Test", roles: ["investigator"] };
    const first = await call(createStaffRoute, post("/api/v1/admin/users", admin, person, key));
    expect(first.status).toBe(201);
    const made = JSON.parse(first.text) as { temporaryPassword: string };
    expect(made.temporaryPassword).toBeTruthy();
    const replay = await call(createStaffRoute, post("/api/v1/admin/users", admin, person, key));
    expect(replay.text).toBe(first.text);
    expect(await f.db.select().from(users).where(eq(users.email, person.email))).toHaveLength(1);

    const [row] = await f.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key));
    expect(row!.scope).toMatch(/^user:/);
    expect(row!.responseBody).not.toContain(made.temporaryPassword);
    expect(row!.responseBody).not.toContain(person.email);

    // The e-mail is taken now: a new key's 409 is what happened, kept and replayed.
    const again = newKey();
    const taken = await call(createStaffRoute, post("/api/v1/admin/users", admin, person, again));
    expect(taken.status).toBe(409);
    expect((await call(createStaffRoute, post("/api/v1/admin/users", admin, person, again))).text).toBe(taken.text);
  });

  it("the sweep removes the keys claimed more than 24 hours ago and only those", async () => {
    const now = new Date();
    const hours = (h: number) => new Date(now.getTime() - h * 3_600_000);
    const scope = `key:${crypto.randomUUID()}`;
    await f.db.insert(idempotencyKeys).values([
      { scope, key: "old-answered", requestHash: "h", createdAt: hours(25), responseStatus: 201, responseContentType: "application/json", responseBody: "x" },
      { scope, key: "old-running", requestHash: "h", createdAt: hours(48) },
      { scope, key: "day-old-answered", requestHash: "h", createdAt: hours(23.9), responseStatus: 201, responseContentType: "application/json", responseBody: "x" },
      { scope, key: "fresh-running", requestHash: "h", createdAt: hours(0) },
    ]);
    const sweep = await sweepIdempotencyKeys(f.db, now);
    expect(sweep.ran).toBe(true);
    expect(sweep.deleted).toBeGreaterThanOrEqual(2);
    const left = await f.db.select({ key: idempotencyKeys.key }).from(idempotencyKeys).where(eq(idempotencyKeys.scope, scope));
    expect(left.map((r) => r.key).sort()).toEqual(["day-old-answered", "fresh-running"]);
    // Everything the other tests kept was claimed just now: still there.
    expect((await f.db.select({ n: sql<number>`count(*)::int` }).from(idempotencyKeys))[0]!.n).toBeGreaterThan(2);
  });

  it("a claim whose request never answered (its process died) is taken over after two minutes; a live one is 409", async () => {
    const bank = banks[7]!;
    const key = newKey();
    const body = loosen(bank);
    const first = await call(requestRoute, post("/api/v1/control-requests", a, body, key));
    expect(first.status).toBe(201);
    // The claim as a dead process leaves it: no answer.
    const scope = (await f.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key)))[0]!.scope;
    await f.db.update(idempotencyKeys).set({ responseStatus: null, responseBody: null, createdAt: new Date() }).where(eq(idempotencyKeys.key, key));
    const live = await call(requestRoute, post("/api/v1/control-requests", a, body, key));
    expect(live.status).toBe(409);
    expect(JSON.parse(live.text)).toMatchObject({ code: "idempotency_key_in_use" });
    expect(live.headers.get("retry-after")).toBe("1");
    await f.db.update(idempotencyKeys).set({ createdAt: new Date(Date.now() - 3 * 60_000) }).where(and(eq(idempotencyKeys.key, key), eq(idempotencyKeys.scope, scope)));
    // Taken over: it runs again, and the domain refuses the duplicate loosening (one pending per control).
    const rerun = await call(requestRoute, post("/api/v1/control-requests", a, body, key));
    expect(rerun.headers.get("idempotent-replayed")).toBeNull();
    expect(rerun.status).toBe(409);
    expect(JSON.parse(rerun.text)).toMatchObject({ code: "conflict" });
    expect(await requestsFor(f, bank)).toHaveLength(1);
  });
});

describe("the OpenAPI document declares Idempotency-Key", () => {
  it("once, as a header parameter every POST references, with its three problems", () => {
    const doc = openApiDocument() as unknown as {
      components: { parameters: Record<string, { in: string; name: string; required: boolean }> };
      paths: Record<string, Record<string, { parameters: { $ref?: string }[]; responses: Record<string, { description: string }> }>>;
    };
    expect(doc.components.parameters.IdempotencyKey).toMatchObject({ in: "header", name: "Idempotency-Key", required: false });
    const posts = ROUTES.filter((r) => r.method === "post");
    expect(posts.length).toBeGreaterThan(10);
    for (const r of ROUTES) {
      const op = doc.paths[r.path]![r.method]!;
      const refs = op.parameters.filter((p) => p.$ref === "#/components/parameters/IdempotencyKey");
      expect(refs, `${r.method} ${r.path}`).toHaveLength(r.method === "post" ? 1 : 0);
      if (r.method !== "post") continue;
      expect(op.responses["400"]!.description).toContain("`idempotency_key_invalid`");
      expect(op.responses["409"]!.description).toContain("`idempotency_key_in_use`");
      expect(op.responses["422"]!.description).toContain("`idempotency_key_reused`");
    }
  });
});

// Two requests at once need real concurrent connections: PostgreSQL only.
if (POSTGRES_URL) {
  describe("Idempotency-Key under concurrency [postgres]", () => {
    let handle: DatabaseHandle & { url?: string };
    let f: ControlsFixture;
    let a: Caller;
    let banks: string[];
    beforeAll(async () => {
      handle = await freshDatabase("postgres", 10);
      setDatabase(handle);
      ({ f, a, banks } = await setUp(handle.db));
    });
    afterAll(async () => {
      setDatabase(undefined);
      await handle?.close();
    });

    it("while the first request with a key runs, every other one with the key gets 409 idempotency_key_in_use; exactly one runs, and then its answer is replayed", async () => {
      const bank = banks[0]!;
      const key = newKey();
      // Hold the first request inside its handler: the loosening's table is locked by another session.
      const blocker = new pg.Client({ connectionString: handle.url });
      await blocker.connect();
      try {
        await blocker.query("begin");
        await blocker.query("lock table control_change_requests in access exclusive mode");
        const firstP = call(requestRoute, post("/api/v1/control-requests", a, loosen(bank), key));
        for (let i = 0; i < 200; i++) {
          const claimed = await f.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key));
          if (claimed.length) break;
          await new Promise((r) => setTimeout(r, 10));
        }
        const others = await Promise.all(Array.from({ length: 8 }, () => call(requestRoute, post("/api/v1/control-requests", a, loosen(bank), key))));
        for (const o of others) {
          expect(o.status).toBe(409);
          expect(JSON.parse(o.text)).toMatchObject({ code: "idempotency_key_in_use" });
          expect(o.headers.get("retry-after")).toBe("1");
        }
        await blocker.query("commit");
        const first = await firstP;
        expect(first.status).toBe(201);
        const replay = await call(requestRoute, post("/api/v1/control-requests", a, loosen(bank), key));
        expect(replay.text).toBe(first.text);
        expect(replay.headers.get("idempotent-replayed")).toBe("true");
      } finally {
        await blocker.end();
      }
      expect(await requestsFor(f, bank)).toHaveLength(1);
    });

    it("many requests with one key sent at the same moment: exactly one runs, the others get 409 or the replayed answer", async () => {
      const bank = banks[1]!;
      const key = newKey();
      const answers = await Promise.all(Array.from({ length: 12 }, () => call(requestRoute, post("/api/v1/control-requests", a, loosen(bank), key))));
      const ran = answers.filter((x) => x.status === 201 && x.headers.get("idempotent-replayed") === null);
      expect(ran).toHaveLength(1);
      for (const x of answers) {
        if (x === ran[0]) continue;
        if (x.status === 409) expect(JSON.parse(x.text)).toMatchObject({ code: "idempotency_key_in_use" });
        else expect(x.text).toBe(ran[0]!.text);
      }
      expect(await requestsFor(f, bank)).toHaveLength(1);
    });

    it("two sweeps at once: one sweeps, the other skips its turn (the advisory lock)", async () => {
      const holder = new pg.Client({ connectionString: handle.url });
      await holder.connect();
      try {
        await holder.query("begin");
        await holder.query("select pg_advisory_xact_lock($1)", [IDEMPOTENCY_SWEEP_LOCK]);
        expect(await sweepIdempotencyKeys(f.db)).toEqual({ ran: false, deleted: 0 });
        await holder.query("commit");
        expect((await sweepIdempotencyKeys(f.db)).ran).toBe(true);
      } finally {
        await holder.end();
      }
    });
  });
}
