import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { describeEachDb } from "@/tests/support/db";
import { decisionCounters } from "@/db/schema";
import type { Db } from "@/db";
import { POST as decideRoute } from "@/app/api/v1/decisions/route";
import { POST as batchRoute } from "@/app/api/v1/decisions/batch/route";
import { controlSnapshot, stopControlSnapshot } from "@/lib/controls/snapshot";
import { blockedSinceLastChange, flushDecisionCounters, stopDecisionCounters } from "@/lib/decisions/counters";
import { forgetApiKey } from "@/lib/auth/api-key";
import { sessionIdFrom } from "@/lib/auth/session-cookie";
import { jsonRequest, makeBank, makeKey, setControl, waitFor, type TestBank } from "./support";

// The API-key path never looks up a session: the real sessionIdFrom, spied on to prove that no
// session cookie is read for a Bearer request.
vi.mock("@/lib/auth/session-cookie", async (importOriginal) => {
  const m = await importOriginal<typeof import("@/lib/auth/session-cookie")>();
  return { ...m, sessionIdFrom: vi.fn(m.sessionIdFrom) };
});

describeEachDb("the decision API", (ctx) => {
  let db: Db;
  let bank: TestBank;
  let other: TestBank;
  let key: string;

  beforeAll(async () => {
    db = ctx.handle.db;
    bank = await makeBank(db);
    other = await makeBank(db);
    key = (await makeKey(db, ["decisions"])).key;
  });
  afterAll(async () => {
    await stopDecisionCounters();
    await stopControlSnapshot();
  });

  const ask = async (body: unknown, k = key) => {
    const res = await decideRoute(jsonRequest("/api/v1/decisions", body, k));
    return { status: res.status, type: res.headers.get("content-type"), body: (await res.json()) as Record<string, unknown> };
  };
  const charge = (code: string, verification = "pin_only") => ({ operation: "charge", bankCode: code, walletId: "w-1", verification, amountYen: 30_000 });

  it("allows a charge at an open bank and says under which control version", async () => {
    const r = await ask(charge(bank.code));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ decision: "allow", reason: "open" });
    expect(typeof r.body.controlVersion).toBe("number");
    expect(Date.parse(String(r.body.decidedAt))).not.toBeNaN();
  });

  it("obeys a suspension of charges within a second of its commit (NOTIFY reaches the snapshot)", async () => {
    const version = await setControl(db, bank.id, "charges", "suspended");
    const took = await waitFor(async () => (await ask(charge(bank.code))).body.decision === "deny", 1_000, 5);
    expect(took).toBeLessThan(1_000);
    expect((await ask(charge(bank.code))).body).toMatchObject({ decision: "deny", reason: "charges_suspended", controlVersion: version });
    // The other bank is untouched.
    expect((await ask(charge(other.code))).body).toMatchObject({ decision: "allow" });
  });

  it("under strong_only lets an OTP-verified link charge and stops a PIN-only one", async () => {
    await setControl(db, bank.id, "charges", "strong_only");
    await waitFor(async () => (await ask(charge(bank.code, "otp"))).body.decision === "allow", 1_000, 5);
    expect((await ask(charge(bank.code, "otp"))).body).toMatchObject({ decision: "allow", reason: "strong_verification_met" });
    expect((await ask(charge(bank.code, "pin_only"))).body).toMatchObject({ decision: "deny", reason: "strong_verification_required" });
  });

  it("refuses new PIN-only links when registrations are strong_only and all links when suspended", async () => {
    const link = (verification: string) => ({ operation: "link", bankCode: other.code, walletId: "w-2", verification });
    await setControl(db, other.id, "registrations", "strong_only");
    await waitFor(async () => (await ask(link("pin_only"))).body.decision === "deny", 1_000, 5);
    expect((await ask(link("pin_only"))).body).toMatchObject({ decision: "deny", reason: "strong_verification_required" });
    expect((await ask(link("identity_document"))).body).toMatchObject({ decision: "allow" });
    await setControl(db, other.id, "registrations", "suspended");
    await waitFor(async () => (await ask(link("otp"))).body.decision === "deny", 1_000, 5);
    expect((await ask(link("otp"))).body).toMatchObject({ decision: "deny", reason: "registrations_suspended" });
  });

  it("answers an unknown bank code with 422 problem+json naming bankCode", async () => {
    const r = await ask(charge("9999".startsWith(bank.code) ? "9998" : "9999"));
    // 9999 may exist by chance in a shared database; the test banks are random, so check the shape.
    if (r.status === 200) return;
    expect(r.status).toBe(422);
    expect(r.type).toContain("application/problem+json");
    expect(r.body.errors).toEqual({ bankCode: { code: "unknown_bank" } });
  });

  it("answers malformed questions with 4xx problem+json: wrong types, negative and absurd amounts, an amount on a link, unknown fields", async () => {
    const cases: [unknown, string][] = [
      [{ ...charge(bank.code), amountYen: -5 }, "amountYen"],
      [{ ...charge(bank.code), amountYen: 1e12 }, "amountYen"],
      [{ ...charge(bank.code), amountYen: 10.5 }, "amountYen"],
      [{ ...charge(bank.code), amountYen: "30000" }, "amountYen"],
      [{ operation: "charge", bankCode: bank.code, walletId: "w", verification: "otp" }, "amountYen"],
      [{ operation: "link", bankCode: bank.code, walletId: "w", verification: "otp", amountYen: 100 }, "amountYen"],
      [{ ...charge(bank.code), operation: "refund" }, "operation"],
      [{ ...charge(bank.code), bankCode: 1 }, "bankCode"],
      [{ ...charge(bank.code), bankCode: "12345" }, "bankCode"],
      [{ ...charge(bank.code), verification: "sms" }, "verification"],
      [{ ...charge(bank.code), walletId: "" }, "walletId"],
      [{ ...charge(bank.code), walletId: "x".repeat(65) }, "walletId"],
      [{ ...charge(bank.code), extra: true }, "body"],
      [[charge(bank.code)], "body"],
    ];
    for (const [body, field] of cases) {
      const r = await ask(body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.type).toContain("application/problem+json");
      expect(Object.keys(r.body.errors as object), JSON.stringify(body)).toContain(field);
    }
    const unknown = await ask({ ...charge(bank.code), extra: true });
    expect(unknown.body.errors).toEqual({ body: { code: "unrecognized_keys", params: { keys: "extra" } } });
  });

  it("answers broken JSON with 400, a non-JSON type with 415, a 10 MB body with 413, all as problem+json", async () => {
    const broken = await decideRoute(jsonRequest("/api/v1/decisions", '{"operation": "charge",', key));
    expect(broken.status).toBe(400);
    expect(broken.headers.get("content-type")).toContain("application/problem+json");
    const text = await decideRoute(jsonRequest("/api/v1/decisions", "{}", key, { "content-type": "text/plain" }));
    expect(text.status).toBe(415);
    const huge = await decideRoute(jsonRequest("/api/v1/decisions", JSON.stringify({ ...charge(bank.code), pad: "x".repeat(10 * 1024 * 1024) }), key));
    expect(huge.status).toBe(413);
    expect(huge.headers.get("content-type")).toContain("application/problem+json");
  });

  it("refuses a missing or wrong key with 401 and a key without the decisions scope with 403", async () => {
    vi.mocked(sessionIdFrom).mockClear();
    expect((await ask(charge(bank.code), "lg_not-a-key")).status).toBe(401);
    expect(sessionIdFrom, "no session cookie is read for a Bearer request").not.toHaveBeenCalled();
    const res = await decideRoute(jsonRequest("/api/v1/decisions", charge(bank.code)));
    expect(res.status).toBe(401);
    const eventsOnly = await makeKey(db, ["events"]);
    expect((await ask(charge(bank.code), eventsOnly.key)).status).toBe(403);
  });

  it("lets a bank's key ask about its own bank only: another bank's code is unknown to it", async () => {
    const own = await makeKey(db, ["decisions"], other.id);
    expect((await ask(charge(other.code), own.key)).status).toBe(200);
    const r = await ask(charge(bank.code), own.key);
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual({ bankCode: { code: "unknown_bank" } });
  });

  it("stops honouring a revoked key once it is forgotten (and within the cache TTL otherwise)", async () => {
    const k = await makeKey(db, ["decisions"]);
    expect((await ask(charge(other.code), k.key)).status).toBe(200);
    await db.execute(sql`update api_keys set revoked_at = now() where id = ${k.id}`);
    forgetApiKey(k.id);
    expect((await ask(charge(other.code), k.key)).status).toBe(401);
  });

  it("stops honouring a key revoked by another process within the cache TTL (LINKGUARD_API_KEY_CACHE_MS)", async () => {
    const before = process.env.LINKGUARD_API_KEY_CACHE_MS;
    process.env.LINKGUARD_API_KEY_CACHE_MS = "400";
    try {
      const k = await makeKey(db, ["decisions"]);
      expect((await ask(charge(other.code), k.key)).status).toBe(200);
      // Revoked behind this process's back: no forgetApiKey here.
      await db.execute(sql`update api_keys set revoked_at = now() where id = ${k.id}`);
      const revokedAt = performance.now();
      const refused = await waitFor(async () => (await ask(charge(other.code), k.key)).status === 401, 2_000, 20);
      expect(refused).toBeLessThan(400 + 300);
      expect(performance.now() - revokedAt).toBeLessThan(1_000);
    } finally {
      if (before === undefined) delete process.env.LINKGUARD_API_KEY_CACHE_MS;
      else process.env.LINKGUARD_API_KEY_CACHE_MS = before;
    }
  });

  it("answers a batch in order, each invalid question with its index and errors, the rest decided", async () => {
    const res = await batchRoute(
      jsonRequest(
        "/api/v1/decisions/batch",
        { questions: [charge(other.code), { ...charge(other.code), amountYen: -1 }, charge("0000" === other.code ? "0001" : "0000"), charge(other.code, "otp")] },
        key,
      ),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { answers: Record<string, unknown>[] };
    expect(body.answers).toHaveLength(4);
    expect(body.answers[0]).toMatchObject({ index: 0, decision: "allow" });
    expect(body.answers[1]).toMatchObject({ index: 1, error: "invalid", errors: { amountYen: { code: "too_small", params: { minimum: 0 } } } });
    expect(body.answers[3]).toMatchObject({ index: 3, decision: "allow" });
  });

  it("answers a batch with no valid question, or more than 1,000, with 422", async () => {
    const none = await batchRoute(jsonRequest("/api/v1/decisions/batch", { questions: [{ operation: "x" }] }, key));
    expect(none.status).toBe(422);
    expect(((await none.json()) as { errors: Record<string, string> }).errors).toHaveProperty("questions.0.operation");
    const many = await batchRoute(jsonRequest("/api/v1/decisions/batch", { questions: Array.from({ length: 1001 }, () => charge(other.code)) }, key));
    expect(many.status).toBe(422);
  });

  it("counts decisions per bank, operation and outcome in memory and writes them in one batch; blocked attempts since the last change", async () => {
    await flushDecisionCounters();
    const before = await db
      .select({ n: sql<number>`coalesce(sum(${decisionCounters.count}), 0)`.mapWith(Number) })
      .from(decisionCounters)
      .where(and(eq(decisionCounters.bankId, bank.id), eq(decisionCounters.operation, "charge"), eq(decisionCounters.outcome, "deny")));
    await setControl(db, bank.id, "charges", "suspended");
    await waitFor(async () => (await controlSnapshot()).snapshot?.banks.get(bank.code)?.charges === "suspended", 1_000, 5);
    for (let i = 0; i < 25; i++) expect((await ask(charge(bank.code))).body.decision).toBe("deny");
    await flushDecisionCounters();
    const after = await db
      .select({ n: sql<number>`coalesce(sum(${decisionCounters.count}), 0)`.mapWith(Number) })
      .from(decisionCounters)
      .where(and(eq(decisionCounters.bankId, bank.id), eq(decisionCounters.operation, "charge"), eq(decisionCounters.outcome, "deny")));
    expect(after[0]!.n - before[0]!.n).toBe(25);
    const blocked = await blockedSinceLastChange(db, [bank.id]);
    expect(blocked.get(bank.id)?.charges).toBeGreaterThanOrEqual(25);
  });
});
