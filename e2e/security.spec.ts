import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { storageStateOf } from "./support/staff";

test("the production server refuses to start without AUTH_SECRET, and says why", async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lg-nosecret-"));
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", LINKGUARD_DATA_DIR: dataDir, LINKGUARD_SEED_ON_EMPTY: "0" };
  delete env.AUTH_SECRET;
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [path.join(import.meta.dirname, "..", "scripts", "server.mjs"), "-p", "3299"], { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  try {
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => resolve(null), 45_000);
      child.on("exit", (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(code, output).not.toBe(0);
    expect(code, "the server is still running without AUTH_SECRET").not.toBeNull();
    expect(output).toContain("AUTH_SECRET is not set");
  } finally {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      /* already gone */
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test("a signed-in change from a foreign origin is refused, and the denial is in the audit trail", async ({ browser, baseURL }) => {
  const admin = await browser.newContext({ storageState: storageStateOf("admin@carrier.demo") });
  const email = `forged-${Date.now()}@carrier.demo`;
  const forged = await admin.request.post("/api/v1/admin/users", {
    headers: { origin: "https://evil.example", "content-type": "application/json" },
    data: { email, displayName: "Forged", roles: ["admin"] },
  });
  expect(forged.status()).toBe(403);
  expect(forged.headers()["content-type"]).toContain("application/problem+json");
  const list = await admin.request.get("/api/v1/admin/users?limit=200");
  expect(JSON.stringify(await list.json())).not.toContain(email);
  await admin.close();

  const auditor = await browser.newContext({ storageState: storageStateOf("auditor@carrier.demo") });
  const audit = await auditor.request.get(`${baseURL}/api/v1/audit?action=access.denied`);
  expect(audit.status()).toBe(200);
  const body = (await audit.json()) as { items: { action: string; entityId: string | null; actorLabel?: string }[] };
  expect(body.items.some((e) => e.action === "access.denied" && e.entityId === "POST /api/v1/admin/users")).toBe(true);
  await auditor.close();
});

test("a page carries a Content-Security-Policy whose script nonce is on every script it sends, and hydrates under it", async ({ browser }) => {
  const context = await browser.newContext({ storageState: storageStateOf("operator@carrier.demo") });
  const page = await context.newPage();
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load)/i.test(m.text())) violations.push(m.text());
  });
  const response = await page.goto("/accounts");
  const csp = response!.headers()["content-security-policy"] ?? "";
  const nonce = /script-src 'self' 'nonce-([^']+)' 'strict-dynamic'/.exec(csp)?.[1];
  expect(nonce, csp).toBeTruthy();
  const html = await response!.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  // Next's client runtime ran (it sets window.next once its scripts booted), and nothing was refused.
  await page.waitForFunction(() => typeof (window as unknown as { next?: { version?: string } }).next?.version === "string");
  await page.reload();
  await page.waitForFunction(() => typeof (window as unknown as { next?: { version?: string } }).next?.version === "string");
  expect(violations).toEqual([]);
  // A second view gets another nonce.
  const again = await page.goto("/accounts");
  expect(again!.headers()["content-security-policy"]).not.toContain(nonce!);
  await context.close();
});

test("unknown /api paths answer problem+json 404 and wrong methods 405 with Allow, on Next's routes and the fast path alike", async ({ request }) => {
  const unknown = await request.get("/api/v1/no-such-endpoint");
  expect(unknown.status()).toBe(404);
  expect(unknown.headers()["content-type"]).toContain("application/problem+json");
  expect(((await unknown.json()) as { code: string }).code).toBe("not_found");
  for (const [method, path, allow] of [
    ["GET", "/api/v1/decisions", "OPTIONS, POST"],
    ["DELETE", "/api/v1/events", "OPTIONS, POST"],
    ["PUT", "/api/v1/accounts", "GET, HEAD, OPTIONS"],
  ] as const) {
    const res = await request.fetch(path, { method });
    expect(res.status(), `${method} ${path}`).toBe(405);
    expect(res.headers()["allow"]).toBe(allow);
    expect(res.headers()["content-type"]).toContain("application/problem+json");
    expect(((await res.json()) as { code: string }).code).toBe("method_not_allowed");
  }
});

/** A request with the Host header of our choosing (a browser that reached the server under another name). */
function rawRequest(base: string, method: string, path: string, headers: Record<string, string>, body?: string) {
  const url = new URL(path, base);
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path: url.pathname + url.search, headers }, (res) => {
      let text = "";
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

test("sign-in answers name the host the browser used, not the address the server listens on", async ({ baseURL }) => {
  const host = `localhost:${new URL(baseURL!).port}`;
  const csrf = await rawRequest(baseURL!, "GET", "/api/auth/csrf", { host });
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const cookie = ([] as string[]).concat(csrf.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
  const form = new URLSearchParams({ csrfToken, email: "auditor@carrier.demo", password: "not-the-password-1", code: "000000" }).toString();
  const refused = await rawRequest(baseURL!, "POST", "/api/auth/callback/credentials", {
    host,
    cookie,
    origin: `http://${host}`,
    "content-type": "application/x-www-form-urlencoded",
    "content-length": String(Buffer.byteLength(form)),
  }, form);
  expect(refused.status).toBe(302);
  const location = new URL(refused.headers.location!);
  expect(location.host).toBe(host);
  expect(location.pathname).toBe("/sign-in");
  expect(location.searchParams.get("error")).toBeTruthy();

  // A signed-out page view is sent to the sign-in page on the same host (Next writes it as a path
  // when it is on the request's own host: the browser resolves it against the URL it used).
  const redirected = await rawRequest(baseURL!, "GET", "/accounts", { host });
  expect(redirected.status).toBe(307);
  const to = new URL(redirected.headers.location!, `http://${host}`);
  expect(to.host).toBe(host);
  expect(to.pathname).toBe("/sign-in");
});
