import { NextRequest } from "next/server";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { seedOrganisationsAndStaff } from "@/db/seed";
import { publicOrigin, requestIsHttps } from "@/lib/http/origin";
import { PEER_HEADER, peerHeaderValue } from "@/lib/http/peer.js";
import { describeEachDb } from "../support/db";

/** Next builds a request's URL from the listen address: http://0.0.0.0:3100 when it listens on every interface. */
const LISTEN = "http://0.0.0.0:3100";
const headersOf = (h: Record<string, string>) => new Headers(h);

afterEach(() => vi.unstubAllEnvs());

describe("the console's public origin", () => {
  it("is the Host the browser used, not the listen address", () => {
    expect(publicOrigin(headersOf({ host: "console.bank.example:3100" }), new URL(`${LISTEN}/x`))).toBe("http://console.bank.example:3100");
  });

  it("is LINKGUARD_PUBLIC_URL (or AUTH_URL) when configured, whatever the Host says", () => {
    vi.stubEnv("LINKGUARD_PUBLIC_URL", "https://linkguard.bank.example/");
    expect(publicOrigin(headersOf({ host: "evil.example" }), new URL(`${LISTEN}/x`))).toBe("https://linkguard.bank.example");
    vi.stubEnv("LINKGUARD_PUBLIC_URL", "");
    vi.stubEnv("AUTH_URL", "https://auth.bank.example");
    expect(publicOrigin(headersOf({ host: "evil.example" }), new URL(`${LISTEN}/x`))).toBe("https://auth.bank.example");
  });

  it("reads X-Forwarded-Host and X-Forwarded-Proto only from a trusted proxy's socket", () => {
    // The server records each request's socket address (lib/http/peer.js): here the load balancer, 10.0.0.2.
    const h = headersOf({ host: "10.0.0.5:3000", "x-forwarded-host": "console.bank.example", "x-forwarded-proto": "https", [PEER_HEADER]: peerHeaderValue("10.0.0.2") });
    vi.stubEnv("LINKGUARD_TRUSTED_PROXIES", "");
    expect(publicOrigin(h, new URL(`${LISTEN}/x`))).toBe("http://10.0.0.5:3000");
    expect(requestIsHttps(h, new URL(`${LISTEN}/x`))).toBe(false);
    vi.stubEnv("LINKGUARD_TRUSTED_PROXIES", "192.0.2.0/24");
    expect(publicOrigin(h, new URL(`${LISTEN}/x`))).toBe("http://10.0.0.5:3000");
    expect(requestIsHttps(h, new URL(`${LISTEN}/x`))).toBe(false);
    vi.stubEnv("LINKGUARD_TRUSTED_PROXIES", "10.0.0.0/8");
    expect(publicOrigin(h, new URL(`${LISTEN}/x`))).toBe("https://console.bank.example");
    expect(requestIsHttps(h, new URL(`${LISTEN}/x`))).toBe(true);
    // A client's own copy of the socket header is not believed.
    const forged = headersOf({ host: "10.0.0.5:3000", "x-forwarded-proto": "https", [PEER_HEADER]: "not-the-token 10.0.0.2" });
    expect(requestIsHttps(forged, new URL(`${LISTEN}/x`))).toBe(false);
  });

  it("falls back to the request's URL when the Host is missing or could end the URL's authority", () => {
    expect(publicOrigin(headersOf({}), new URL(`${LISTEN}/x`))).toBe(LISTEN);
    expect(publicOrigin(headersOf({ host: "evil.example/@x" }), new URL(`${LISTEN}/x`))).toBe(LISTEN);
  });
});

describeEachDb("Auth.js's answers at the host the browser used", (ctx) => {
  beforeAll(async () => {
    await seedOrganisationsAndStaff(ctx.handle.db);
  });

  it("a refused sign-in redirects to /sign-in?error=… on the request's host, not on the listen address 0.0.0.0", async () => {
    const { GET, POST } = await import("@/app/api/auth/[...nextauth]/route");
    const host = "console.bank.example:3100";
    const csrf = await GET(new NextRequest(`${LISTEN}/api/auth/csrf`, { headers: { host } }));
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const cookie = (csrf.headers.getSetCookie?.() ?? []).map((c) => c.split(";")[0]).join("; ");
    const refused = await POST(
      new NextRequest(`${LISTEN}/api/auth/callback/credentials`, {
        method: "POST",
        headers: { host, cookie, "content-type": "application/x-www-form-urlencoded", origin: `http://${host}` },
        body: new URLSearchParams({ csrfToken, email: "auditor@carrier.demo", password: "not-the-password-1", code: "000000" }).toString(),
      }),
    );
    expect(refused.status).toBe(302);
    const location = new URL(refused.headers.get("location")!);
    expect(location.host).toBe(host);
    expect(location.pathname).toBe("/sign-in");
    expect(location.searchParams.get("error")).toBeTruthy();
  });
});
