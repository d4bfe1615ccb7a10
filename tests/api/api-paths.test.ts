import fs from "node:fs";
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDatabase, setDatabase } from "@/db";
import { apiPathMethods, apiPathRefusal } from "@/lib/http/api-paths";
import { PEER_HEADER, peerHeaderValue } from "@/lib/http/peer.js";
import { proxy } from "@/proxy";
import { API_METHODS_FILE, apiMethodsJson } from "@/scripts/api-methods.mjs";

afterEach(() => vi.unstubAllEnvs());

const LISTEN = "http://0.0.0.0:3100";
const call = async (path: string, init: { method?: string; headers?: Record<string, string> } = {}) =>
  await proxy(new NextRequest(`${LISTEN}${path}`, { method: init.method ?? "GET", headers: { host: "console.bank.example", ...init.headers } }));

describe("the API's paths and methods, read from the route files", () => {
  it("lib/http/api-methods.json is what the route files export (run `node scripts/api-methods.mjs` after adding a route)", () => {
    expect(fs.readFileSync(API_METHODS_FILE, "utf8")).toBe(apiMethodsJson());
  });

  it("matches paths as Next does: literal segments, [param] segments, Auth.js's catch-all; HEAD with GET, OPTIONS always", () => {
    expect(apiPathMethods("/api/v1/decisions")).toEqual(["OPTIONS", "POST"]);
    expect(apiPathMethods("/api/v1/accounts")).toEqual(["GET", "HEAD", "OPTIONS"]);
    expect(apiPathMethods("/api/v1/links/3f1c/freeze")).toEqual(["OPTIONS", "POST"]);
    expect(apiPathMethods("/api/auth/callback/credentials")).toEqual(["GET", "HEAD", "OPTIONS", "POST"]);
    expect(apiPathMethods("/api/v1/nothing-here")).toBeUndefined();
    expect(apiPathMethods("/api/v1/links/3f1c/freeze/more")).toBeUndefined();
  });

  it("refuses an unknown path with 404 and a known path's wrong method with 405 naming the allowed ones", () => {
    expect(apiPathRefusal("GET", "/api/v1/nothing-here")?.error.status).toBe(404);
    const wrong = apiPathRefusal("DELETE", "/api/v1/decisions");
    expect(wrong?.error.status).toBe(405);
    expect(wrong?.headers).toEqual({ allow: "OPTIONS, POST" });
    expect(apiPathRefusal("POST", "/api/v1/decisions")).toBeNull();
  });
});

describe("the proxy in front of Next (proxy.ts)", () => {
  it("answers an unknown /api path with a problem+json 404 carrying a request id", async () => {
    const res = await call("/api/v1/no-such-thing");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const body = (await res.json()) as { code: string; requestId: string; status: number };
    expect(body).toMatchObject({ code: "not_found", status: 404 });
    expect(body.requestId).toBe(res.headers.get("x-request-id"));
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("answers a method the route file does not export with a problem+json 405 and Allow, for fast-path routes too", async () => {
    for (const [method, path, allow] of [
      ["GET", "/api/v1/decisions", "OPTIONS, POST"],
      ["PUT", "/api/v1/events", "OPTIONS, POST"],
      ["DELETE", "/api/v1/accounts", "GET, HEAD, OPTIONS"],
      ["POST", "/api/health", "GET, HEAD, OPTIONS"],
    ] as const) {
      const res = await call(path, { method });
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.get("allow")).toBe(allow);
      expect((await res.json()) as object).toMatchObject({ code: "method_not_allowed", status: 405 });
    }
  });

  it("lets a method the route file exports through to it", async () => {
    expect((await call("/api/v1/decisions", { method: "POST" })).headers.get("x-middleware-next")).toBe("1");
    expect((await call("/api/v1/accounts")).headers.get("x-middleware-next")).toBe("1");
  });

  it("gives each page view a Content-Security-Policy with a fresh script nonce, and hands the nonce to Next in the request", async () => {
    const cookie = "authjs.session-token=x";
    const a = await call("/accounts", { headers: { cookie } });
    const b = await call("/accounts", { headers: { cookie } });
    const csp = a.headers.get("content-security-policy")!;
    const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)' 'strict-dynamic'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(b.headers.get("content-security-policy")).not.toContain(nonce);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    // Next reads the nonce from the request's CSP header (x-middleware-request-*) and puts it on its scripts.
    expect(a.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
  });

  it("adds HSTS behind HTTPS only: an https request, or X-Forwarded-Proto from a trusted proxy", async () => {
    const cookie = "authjs.session-token=x";
    const viaBalancer = { cookie, "x-forwarded-proto": "https", [PEER_HEADER]: peerHeaderValue("10.0.0.2") };
    expect((await call("/accounts", { headers: { cookie } })).headers.get("strict-transport-security")).toBeNull();
    expect((await call("/accounts", { headers: viaBalancer })).headers.get("strict-transport-security")).toBeNull();
    vi.stubEnv("LINKGUARD_TRUSTED_PROXIES", "10.0.0.2");
    const proxied = await call("/accounts", { headers: viaBalancer });
    expect(proxied.headers.get("strict-transport-security")).toMatch(/^max-age=\d+/);
    expect(proxied.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
    expect((await call("/api/v1/nothing", { headers: viaBalancer })).headers.get("strict-transport-security")).toMatch(/^max-age=/);
    const direct = await proxy(new NextRequest("https://console.bank.example/accounts", { headers: { cookie } }));
    expect(direct.headers.get("strict-transport-security")).toMatch(/^max-age=/);
  });

  it("sends a signed-out page view to the sign-in page at the host the browser used, not the listen address", async () => {
    const res = await call("/accounts?q=1");
    expect(res.status).toBe(307);
    const to = new URL(res.headers.get("location")!);
    expect(to.origin).toBe("http://console.bank.example");
    expect(to.pathname).toBe("/sign-in");
    expect(to.searchParams.get("next")).toBe("/accounts?q=1");
    expect((await call("/sign-in")).status).toBe(200);
  });

  it("answers a page view while PostgreSQL refuses connections with the outage page and 503 with Retry-After, before rendering; a form's POST and the API pass", async () => {
    const cookie = "authjs.session-token=x";
    vi.stubEnv("DATABASE_URL", "postgresql://postgres@127.0.0.1:1/nothing");
    try {
      const started = performance.now();
      const res = await call("/controls?bank=0101", { headers: { cookie } });
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(new URL(res.headers.get("x-middleware-rewrite")!, LISTEN).pathname).toBe("/unavailable");
      // The outage page's scripts carry this request's nonce, as any page's.
      expect(res.headers.get("x-middleware-request-content-security-policy")).toBe(res.headers.get("content-security-policy"));
      expect((await call("/controls", { method: "POST", headers: { cookie } })).headers.get("x-middleware-next")).toBe("1");
      expect((await call("/api/v1/controls")).headers.get("x-middleware-next")).toBe("1");
    } finally {
      await (await getDatabase()).close();
      setDatabase(undefined);
    }
  });

  it("sends the outage page's own address home while the database answers (the embedded database is not asked)", async () => {
    const res = await call("/unavailable", { headers: { cookie: "authjs.session-token=x" } });
    expect(res.status).toBe(307);
    expect(new URL(res.headers.get("location")!).pathname).toBe("/");
    expect((await call("/controls", { headers: { cookie: "authjs.session-token=x" } })).headers.get("x-middleware-next")).toBe("1");
  });
});
