import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { POST as paidRoute } from "@/app/api/v1/payout-batches/[batchId]/lines/[reimbursementId]/paid/route";
import { POST as approveRoute } from "@/app/api/v1/reimbursements/[reimbursementId]/approve/route";
import { GET as listRoute, POST as proposeRoute } from "@/app/api/v1/reimbursements/route";
import type { Db } from "@/db";
import { apiKeys, auditLog, organisations, payoutLines, reimbursementApprovals } from "@/db/schema";
import { hashApiKey, newApiKeyValue } from "@/lib/auth/api-key";
import { createPayoutBatch } from "@/lib/reimbursements/payouts";
import { approveReimbursement } from "@/lib/reimbursements/service";
import { signedIn } from "../admin/support";
import { describeEachDb } from "../support/db";
import { sessionCookie } from "../support/session-cookie";
import { reimbursementFixture, type ReimbursementFixture } from "./support";

type Caller = { apiKey: string } | { session: string };
type Handler = (r: Request, c?: { params?: Promise<Record<string, string>> }) => Promise<Response>;

/** A session's Cookie header, as its browser sends it after signing in (the session is real: signed in, loaded and checked). */
const cookies = new Map<string, string>();
async function cookieOf(sessionId: string): Promise<string> {
  let c = cookies.get(sessionId);
  if (!c) cookies.set(sessionId, (c = await sessionCookie(sessionId)));
  return c;
}

async function call(route: Handler, method: string, url: string, caller: Caller, body?: unknown, idempotencyKey?: string, params?: Record<string, string>) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if ("apiKey" in caller) headers.authorization = `Bearer ${caller.apiKey}`;
  else {
    headers.cookie = await cookieOf(caller.session);
    headers["sec-fetch-site"] = "same-origin";
  }
  if (idempotencyKey) headers["idempotency-key"] = idempotencyKey;
  const res = await route(new Request(`http://localhost${url}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }), params ? { params: Promise.resolve(params) } : undefined);
  return { status: res.status, replayed: res.headers.get("idempotent-replayed"), text: await res.text() };
}

describeEachDb("reimbursements over HTTP: maker-checker and Idempotency-Key", (ctx) => {
  let f: ReimbursementFixture;
  let db: Db;
  let investigator: Caller;
  let manager: Caller;
  let apiKey: Caller;

  beforeAll(async () => {
    db = ctx.handle.db as Db;
    f = await reimbursementFixture(db);
    investigator = { session: (await signedIn(db, "investigator@carrier.demo")).sessionId };
    manager = { session: (await signedIn(db, "manager@carrier.demo")).sessionId };
    const [carrier] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.kind, "carrier"));
    const value = newApiKeyValue();
    await db.insert(apiKeys).values({ orgId: carrier!.id, name: "reimbursements test", prefix: value.slice(0, 10), keyHash: hashApiKey(value), scopes: ["read", "controls"] });
    apiKey = { apiKey: value };
  });

  async function propose(amountYen = 20_000) {
    const c = await f.confirmedCase("0101", 100_000);
    const res = await call(proposeRoute, "POST", "/api/v1/reimbursements", investigator, { caseId: c.id, amountYen, reason: "Confirmed loss" });
    expect(res.status).toBe(201);
    return JSON.parse(res.text) as { id: string; version: number; caseId: string };
  }

  it("the same Idempotency-Key and body replay the first approval (status and body, marked replayed) and record nothing more; another body under the key is 422", async () => {
    const r = await propose();
    const key = crypto.randomUUID();
    const body = { code: await f.freshCode("manager@carrier.demo"), version: 1 };
    const url = `/api/v1/reimbursements/${r.id}/approve`;
    const first = await call(approveRoute, "POST", url, manager, body, key, { reimbursementId: r.id });
    expect(first.status).toBe(200);
    expect(JSON.parse(first.text)).toMatchObject({ status: "approved" });
    const again = await call(approveRoute, "POST", url, manager, body, key, { reimbursementId: r.id });
    expect(again).toMatchObject({ status: 200, replayed: "true", text: first.text });
    const other = await call(approveRoute, "POST", url, manager, { ...body, note: "different" }, key, { reimbursementId: r.id });
    expect(other.status).toBe(422);
    expect(JSON.parse(other.text).code).toBe("idempotency_key_reused");
    expect(await db.select().from(reimbursementApprovals).where(eq(reimbursementApprovals.reimbursementId, r.id))).toHaveLength(1);
    expect((await db.select().from(auditLog).where(eq(auditLog.entityId, r.id))).filter((a) => a.action === "reimbursement.approved")).toHaveLength(1);
    // Without the key, the same code again is a reused code.
    const reused = await call(approveRoute, "POST", url, manager, body, undefined, { reimbursementId: r.id });
    expect(reused.status).toBe(422);
  });

  it("the maker's session is refused (403), an API key is refused, and the list answers the queues' totals", async () => {
    const r = await propose(5_000);
    const url = `/api/v1/reimbursements/${r.id}/approve`;
    const own = await call(approveRoute, "POST", url, investigator, { code: await f.freshCode("investigator@carrier.demo"), version: 1 }, undefined, { reimbursementId: r.id });
    expect(own.status).toBe(403);
    const byKey = await call(approveRoute, "POST", url, apiKey, { code: "123456", version: 1 }, undefined, { reimbursementId: r.id });
    expect([401, 403]).toContain(byKey.status);
    const list = await call(listRoute, "GET", "/api/v1/reimbursements?queue=waiting_for_me&limit=5", manager);
    expect(list.status).toBe(200);
    const page = JSON.parse(list.text) as { items: { id: string }[]; totals: Record<string, { count: number; yen: number }> };
    expect(page.items.map((i) => i.id)).toContain(r.id);
    expect(Object.keys(page.totals).sort()).toEqual(["approved", "paid", "rejected", "sent", "waiting_for_me"]);
  });

  it("marking a transfer paid over HTTP: a missing reference is 422 naming bankReference and writes nothing; the same Idempotency-Key replays the first answer; without it a second mark is 409 payment_already_settled", async () => {
    const r = await propose(7_000);
    await f.knownAccountNumber(r.caseId, "3000001");
    const carrierManager = await f.actor("manager@carrier.demo");
    await approveReimbursement(carrierManager, r.id, { code: await f.freshCode("manager@carrier.demo"), version: 1 });
    const batch = await createPayoutBatch(carrierManager, { transferDate: "2026-12-14", lines: [{ reimbursementId: r.id, accountNumber: "3000001" }] });
    const url = `/api/v1/payout-batches/${batch.id}/lines/${r.id}/paid`;
    const params = { batchId: batch.id, reimbursementId: r.id };

    const bad = await call(paidRoute, "POST", url, manager, { bankReference: "" }, crypto.randomUUID(), params);
    expect(bad.status).toBe(422);
    expect(Object.keys(JSON.parse(bad.text).errors ?? {})).toEqual(["bankReference"]);
    expect((await db.select({ status: payoutLines.status }).from(payoutLines).where(eq(payoutLines.reimbursementId, r.id)))[0]!.status).toBe("sent");

    const key = crypto.randomUUID();
    const first = await call(paidRoute, "POST", url, manager, { bankReference: "ZB-0001" }, key, params);
    expect(first.status).toBe(200);
    expect(JSON.parse(first.text)).toMatchObject({ status: "paid", payments: [{ status: "paid", bankReference: "ZB-0001" }] });
    expect(await call(paidRoute, "POST", url, manager, { bankReference: "ZB-0001" }, key, params)).toMatchObject({ status: 200, replayed: "true", text: first.text });
    const second = await call(paidRoute, "POST", url, manager, { bankReference: "ZB-0001" }, undefined, params);
    expect(second.status).toBe(409);
    expect(JSON.parse(second.text).code).toBe("payment_already_settled");
    expect((await db.select().from(auditLog).where(eq(auditLog.entityId, r.id))).filter((a) => a.action === "reimbursement.paid")).toHaveLength(1);
  });
});
