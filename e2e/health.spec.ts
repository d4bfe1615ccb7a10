import { expect, test, type APIResponse } from "@playwright/test";

async function expectProblem(res: APIResponse, status: number, code: string) {
  expect(res.status()).toBe(status);
  expect(res.headers()["content-type"]).toContain("application/problem+json");
  const body = (await res.json()) as { status: number; code: string; requestId: string; title: string; detail: string };
  expect(body).toMatchObject({ status, code });
  expect(body.title).toBeTruthy();
  expect(body.detail).toBeTruthy();
  expect(body.requestId).toMatch(/^[A-Za-z0-9._-]{8,64}$/);
  expect(res.headers()["x-request-id"]).toBe(body.requestId);
  return body;
}

test("GET /api/health answers 200 with the database status", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(res.headers()["cache-control"]).toContain("no-store");
  const body = (await res.json()) as { status: string; database: string; latencyMs: number; time: string };
  expect(body.status).toBe("ok");
  expect(body.database).toBe("pglite");
  expect(body.latencyMs).toBeGreaterThanOrEqual(0);
  expect(Number.isNaN(Date.parse(body.time))).toBe(false);
});

test("GET /api/health tells liveness from readiness: each check with its state, and ?probe=live without the database", async ({ request }) => {
  const ready = await request.get("/api/health");
  expect(ready.status()).toBe(200);
  const body = (await ready.json()) as {
    live: boolean;
    ready: boolean;
    checks: { database: { state: string; driver: string; latencyMs: number }; decisions: { state: string; snapshotAgeMs: number; graceMs: number } };
  };
  expect(body).toMatchObject({ live: true, ready: true, checks: { database: { state: "up", driver: "pglite" }, decisions: { state: "fresh" } } });
  expect(body.checks.decisions.snapshotAgeMs).toBeGreaterThanOrEqual(0);
  expect(body.checks.decisions.snapshotAgeMs).toBeLessThanOrEqual(body.checks.decisions.graceMs);

  const live = await request.get("/api/health?probe=live");
  expect(live.status()).toBe(200);
  expect(live.headers()["cache-control"]).toContain("no-store");
  expect(await live.json()).toMatchObject({ status: "ok", live: true });
});

test("pages carry the document security headers; API answers the API set only (OWASP REST)", async ({ request }) => {
  const page = await request.get("/sign-in");
  expect(page.status()).toBe(200);
  const home = await request.get("/", { maxRedirects: 0 });
  for (const h of [page.headers(), home.headers()]) {
    expect(h["x-frame-options"]).toBe("DENY");
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["referrer-policy"]).toBe("same-origin");
    expect(h["permissions-policy"]).toContain("camera=()");
  }
  for (const res of [await request.get("/api/health"), await request.get("/api/v1/accounts")]) {
    const h = res.headers();
    expect(h["x-frame-options"]).toBe("DENY");
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["cache-control"]).toContain("no-store");
    expect(h["referrer-policy"]).toBeUndefined();
    expect(h["permissions-policy"]).toBeUndefined();
  }
});

// Bodies go as raw bytes: Playwright would encode a string as a JSON string.
test("API errors are problem+json with a request id", async ({ request }) => {
  const broken = await request.post("/api/v1/auth/enrolment", {
    headers: { "content-type": "application/json" },
    data: Buffer.from('{"email": "someone@carrier.demo", "password": '),
  });
  const problem = await expectProblem(broken, 400, "bad_request");
  expect(JSON.stringify(problem)).not.toContain("SyntaxError");

  // A request id the caller sends is kept, so its logs and ours can be matched.
  const traced = await request.post("/api/v1/auth/enrolment", {
    headers: { "content-type": "application/json", "x-request-id": "e2e-trace-0001" },
    data: Buffer.from("not json"),
  });
  expect((await expectProblem(traced, 400, "bad_request")).requestId).toBe("e2e-trace-0001");

  const huge = await request.post("/api/v1/auth/enrolment", {
    headers: { "content-type": "application/json" },
    data: Buffer.from(JSON.stringify({ email: "someone@carrier.demo", password: "x".repeat(10 * 1024 * 1024) })),
  });
  await expectProblem(huge, 413, "too_large");
});
