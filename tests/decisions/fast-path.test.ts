import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { describeEachDb } from "@/tests/support/db";
import { auditLog, decisionCounters } from "@/db/schema";
import type { Db } from "@/db";
import { decisionBatchRoute, decisionRoute } from "@/lib/decisions/routes";
import { stopControlSnapshot } from "@/lib/controls/snapshot";
import { flushDecisionCounters, stopDecisionCounters } from "@/lib/decisions/counters";
import { makeBank, makeKey, setControl, waitFor, type TestBank } from "./support";

/**
 * The wallet platform's API server and the console's production server answer the decision API
 * before Next's router, with the `.node` form of the route: the same pipeline on another host.
 * These tests prove that host answers exactly what the Next route answers: a real Node HTTP server
 * runs `.node` and every request is sent to it and to the Next handler alike.
 */
describeEachDb("the decision API on the Node host and on Next", (ctx) => {
  let db: Db;
  let bank: TestBank;
  let key: string;
  let eventsOnly: { key: string; id: string };
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    db = ctx.handle.db;
    bank = await makeBank(db);
    key = (await makeKey(db, ["decisions"])).key;
    eventsOnly = await makeKey(db, ["events"]);
    server = http.createServer((req, res) => {
      const route = req.url === "/api/v1/decisions" ? decisionRoute : req.url === "/api/v1/decisions/batch" ? decisionBatchRoute : null;
      if (route?.node(req, res)) return;
      res.writeHead(404, { "x-not-taken": "1" }).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await stopDecisionCounters();
    await stopControlSnapshot();
  });

  interface Sent {
    path?: string;
    body: string;
    headers?: Record<string, string>;
  }
  const headersOf = (s: Sent, k: string | null) => ({ "content-type": "application/json", ...(k ? { authorization: `Bearer ${k}` } : {}), ...s.headers });
  const viaNode = async (s: Sent, k: string | null = key) => {
    const res = await fetch(`${base}${s.path ?? "/api/v1/decisions"}`, { method: "POST", headers: headersOf(s, k), body: s.body });
    return { status: res.status, headers: res.headers, body: await res.text() };
  };
  const viaNext = async (s: Sent, k: string | null = key) => {
    const route = (s.path ?? "/api/v1/decisions") === "/api/v1/decisions" ? decisionRoute : decisionBatchRoute;
    const res = await route(new Request(`http://localhost${s.path ?? "/api/v1/decisions"}`, { method: "POST", headers: headersOf(s, k), body: s.body }));
    return { status: res.status, headers: res.headers, body: await res.text() };
  };
  /** The answer without what differs by nature between two requests (the request id, the time). */
  const comparable = (r: { status: number; headers: Headers; body: string }) => {
    const body = JSON.parse(r.body) as Record<string, unknown>;
    delete body.requestId;
    delete body.decidedAt;
    if (Array.isArray(body.answers)) for (const a of body.answers as Record<string, unknown>[]) delete a.decidedAt;
    return { status: r.status, type: r.headers.get("content-type"), body };
  };
  const charge = (code: string, extra: Record<string, unknown> = {}) => JSON.stringify({ operation: "charge", bankCode: code, walletId: "w-1", verification: "pin_only", amountYen: 30_000, ...extra });

  const REQUEST_ID = /^[A-Za-z0-9_-]{12}\.[0-9a-z]+$/;

  it("answers every kind of request exactly as the Next route does (decision, refusals, bad input), each with its request id", async () => {
    const cases: Sent[] = [
      { body: charge(bank.code) },
      { body: JSON.stringify({ operation: "link", bankCode: bank.code, walletId: "w-2", verification: "otp" }) },
      { body: charge(bank.code === "9999" ? "9998" : "9999") },
      { body: charge(bank.code, { amountYen: -5 }) },
      { body: charge(bank.code, { amountYen: 10_000_001 }) },
      { body: charge(bank.code, { amountYen: "30000" }) },
      { body: charge(bank.code, { extra: true }) },
      { body: JSON.stringify({ operation: "link", bankCode: bank.code, walletId: "w-2", verification: "otp", amountYen: 1 }) },
      { body: "{not json" },
      { body: "" },
      { body: charge(bank.code), headers: { "content-type": "text/plain" } },
      { path: "/api/v1/decisions/batch", body: JSON.stringify({ questions: [JSON.parse(charge(bank.code)), { operation: "nope" }] }) },
      { path: "/api/v1/decisions/batch", body: JSON.stringify({ questions: [] }) },
    ];
    for (const c of cases) {
      const [node, next] = [await viaNode(c), await viaNext(c)];
      expect(comparable(node), c.body).toEqual(comparable(next));
      // Every answer carries a request id, successes included; an error's is the one in its body.
      for (const r of [node, next]) {
        expect(r.headers.get("x-request-id"), c.body).toMatch(REQUEST_ID);
        if (r.status >= 400) expect(r.headers.get("x-request-id")).toBe((JSON.parse(r.body) as { requestId: string }).requestId);
      }
      expect(node.headers.get("x-frame-options")).toBe("DENY");
      expect(node.headers.get("x-content-type-options")).toBe("nosniff");
      // Headers that act on documents only are for pages, not for JSON (lib/http/security-headers.js).
      expect(node.headers.get("referrer-policy")).toBeNull();
    }
  });

  it("refuses an unknown key with 401 and a key without the decisions scope with 403, audited, as the Next route does", async () => {
    const s = { body: charge(bank.code) };
    expect(comparable(await viaNode(s, "lg_not_a_real_key_000000000000000000"))).toEqual(comparable(await viaNext(s, "lg_not_a_real_key_000000000000000000")));
    const refused = await viaNode(s, eventsOnly.key);
    expect(refused.status).toBe(403);
    expect(comparable(refused)).toEqual(comparable(await viaNext(s, eventsOnly.key)));
    const requestId = (JSON.parse(refused.body) as { requestId: string }).requestId;
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.action, "access.denied"), eq(auditLog.requestId, requestId)));
    expect(entry?.entityId).toBe("POST /api/v1/decisions");
  });

  it("leaves a request without an Authorization header to Next (a browser session gets Next's own answer)", async () => {
    const r = await viaNode({ body: charge(bank.code) }, null);
    expect(r.status).toBe(404);
    expect(r.headers.get("x-not-taken")).toBe("1");
  });

  it("refuses a body over the route's limit with 413 and closes the connection, whether or not its length was declared", async () => {
    const declared = await viaNode({ body: charge(bank.code, { walletId: "w".repeat(20 * 1024) }) });
    expect(declared.status).toBe(413);
    expect(declared.headers.get("content-type")).toBe("application/problem+json");
    // Sent in chunks without a length: refused once 16 KiB have arrived, not at the end.
    const streamed = await new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
      const req = http.request(`${base}/api/v1/decisions`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` } }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, connection: res.headers.connection });
      });
      req.on("error", reject);
      req.write('{"walletId":"');
      const chunk = "w".repeat(4096);
      const timer = setInterval(() => (req.writableEnded ? clearInterval(timer) : req.write(chunk)), 5);
      req.on("response", () => {
        clearInterval(timer);
        req.destroy();
      });
    });
    expect(streamed.status).toBe(413);
    expect(streamed.connection).toBe("close");
  });

  /** The headers an answer carries, by name, without those that differ by nature (the time, the id) or belong to the connection. */
  const headerSet = (h: Headers) =>
    Object.fromEntries([...h.entries()].filter(([k]) => !["date", "connection", "keep-alive", "x-request-id", "content-length"].includes(k)));

  it("gives a decision the same headers on both hosts, with a fresh request id on each success, or the caller's own", async () => {
    const [node, next] = [await viaNode({ body: charge(bank.code) }), await viaNext({ body: charge(bank.code) })];
    expect(node.status).toBe(200);
    expect(comparable(node)).toEqual(comparable(next));
    // Next adds its own security headers (next.config.js); the Node host adds the same ones itself.
    expect(headerSet(node.headers)).toMatchObject(headerSet(next.headers));
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await viaNode({ body: charge(bank.code) })).headers.get("x-request-id"));
    expect(new Set(ids).size).toBe(5);
    for (const id of ids) expect(id).toMatch(REQUEST_ID);
    const own = { "x-request-id": "platform-trace-0042" };
    expect((await viaNode({ body: charge(bank.code), headers: own })).headers.get("x-request-id")).toBe("platform-trace-0042");
    expect((await viaNext({ body: charge(bank.code), headers: own })).headers.get("x-request-id")).toBe("platform-trace-0042");
  });

  it("answers a bank's own key about its own bank and about another bank as Next does", async () => {
    const other = await makeBank(db);
    const bankKey = (await makeKey(db, ["decisions"], bank.id)).key;
    const own = await viaNode({ body: charge(bank.code) }, bankKey);
    expect(own.status).toBe(200);
    expect(comparable(own)).toEqual(comparable(await viaNext({ body: charge(bank.code) }, bankKey)));
    const foreign = await viaNode({ body: charge(other.code) }, bankKey);
    expect(foreign.status).toBe(422);
    expect(comparable(foreign)).toEqual(comparable(await viaNext({ body: charge(other.code) }, bankKey)));
  });

  it("counts every decision either host answers, once", async () => {
    const counted = async () => {
      await flushDecisionCounters();
      const [row] = await db
        .select({ n: sql<number>`coalesce(sum(${decisionCounters.count}), 0)`.mapWith(Number) })
        .from(decisionCounters)
        .where(and(eq(decisionCounters.bankId, bank.id), eq(decisionCounters.operation, "link")));
      return row!.n;
    };
    const link = JSON.stringify({ operation: "link", bankCode: bank.code, walletId: "w-count", verification: "otp" });
    const before = await counted();
    for (let i = 0; i < 7; i++) expect((await viaNode({ body: link })).status).toBe(200);
    expect(await counted()).toBe(before + 7);
    for (let i = 0; i < 3; i++) expect((await viaNext({ body: link })).status).toBe(200);
    // A refused or invalid question is not counted.
    expect((await viaNode({ body: link }, eventsOnly.key)).status).toBe(403);
    expect((await viaNode({ body: JSON.stringify({ ...(JSON.parse(link) as object), amountYen: 5 }) })).status).toBe(422);
    expect(await counted()).toBe(before + 10);
  });

  it("honours an Idempotency-Key on the Node host as on Next: a replay on either gives the first answer byte for byte and is not counted again", async () => {
    const counted = async () => {
      await flushDecisionCounters();
      const [row] = await db
        .select({ n: sql<number>`coalesce(sum(${decisionCounters.count}), 0)`.mapWith(Number) })
        .from(decisionCounters)
        .where(and(eq(decisionCounters.bankId, bank.id), eq(decisionCounters.operation, "charge")));
      return row!.n;
    };
    const before = await counted();
    const sent = { body: charge(bank.code, { walletId: "w-idem" }), headers: { "idempotency-key": `decision-${Date.now()}` } };
    const first = await viaNode(sent);
    expect(first.status).toBe(200);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    for (const replay of [await viaNode(sent), await viaNext(sent)]) {
      expect(replay.status).toBe(200);
      expect(replay.body).toBe(first.body);
      expect(replay.headers.get("idempotent-replayed")).toBe("true");
    }
    const other = await viaNode({ ...sent, body: charge(bank.code, { walletId: "w-idem-2" }) });
    expect(other.status).toBe(422);
    expect(JSON.parse(other.body)).toMatchObject({ code: "idempotency_key_reused" });
    expect(await counted()).toBe(before + 1);
  });

  /**
   * Sends `n` requests with the log on (the tests run with it silent) and answers the request id
   * each answer carried and the request log lines written meanwhile.
   */
  const sendLogged = async (n: number, send: () => Promise<{ headers: Headers }>) => {
    const lines: string[] = [];
    const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const saved = process.env.LINKGUARD_LOG;
    delete process.env.LINKGUARD_LOG;
    const ids: Array<string | null> = [];
    try {
      for (let i = 0; i < n; i++) ids.push((await send()).headers.get("x-request-id"));
    } finally {
      process.env.LINKGUARD_LOG = saved;
      write.mockRestore();
    }
    return { ids, logged: lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === "request") };
  };

  it("logs one success in 100 (one in 10 of the batch form), naming the key and an id one of the answers carried, while every answer carries its own id", async () => {
    const single = await sendLogged(100, () => viaNode({ body: charge(bank.code) }));
    expect(single.logged).toHaveLength(1);
    expect(single.logged[0]).toMatchObject({ level: "info", method: "POST", path: "/api/v1/decisions", status: 200, sampled: 100 });
    expect(single.logged[0]!.actor).toMatch(/^key:[0-9a-f-]{36}$/);
    expect(single.ids.every((id) => id !== null && REQUEST_ID.test(id))).toBe(true);
    expect(new Set(single.ids).size).toBe(100);
    expect(single.ids).toContain(single.logged[0]!.requestId);

    const batch = await sendLogged(10, () => viaNode({ path: "/api/v1/decisions/batch", body: JSON.stringify({ questions: [JSON.parse(charge(bank.code))] }) }));
    expect(batch.logged).toHaveLength(1);
    expect(batch.logged[0]).toMatchObject({ path: "/api/v1/decisions/batch", status: 200, sampled: 10 });
    expect(batch.ids.every((id) => id !== null && REQUEST_ID.test(id))).toBe(true);
    expect(batch.ids).toContain(batch.logged[0]!.requestId);

    // An error is always logged, under the id its answer carries.
    const refused = await sendLogged(1, () => viaNode({ body: charge(bank.code) }, eventsOnly.key));
    expect(refused.logged).toHaveLength(1);
    expect(refused.logged[0]).toMatchObject({ status: 403, requestId: refused.ids[0] });
  });

  it("obeys a suspension at once, as the Next route does", async () => {
    await setControl(db, bank.id, "charges", "suspended");
    await waitFor(async () => (JSON.parse((await viaNode({ body: charge(bank.code) })).body) as { decision: string }).decision === "deny", 1_000, 5);
    const r = JSON.parse((await viaNode({ body: charge(bank.code) })).body) as Record<string, unknown>;
    expect(r).toMatchObject({ decision: "deny", reason: "charges_suspended" });
  });
});
