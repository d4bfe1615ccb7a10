import crypto from "node:crypto";
import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { apiKeyScope } from "@/db/schema/enums";
import { hasPermission, type Permission } from "@/lib/auth/policy";
import { bodyFor, queryFor } from "./support/bodies";
import { isMutation, loadOperations, type Operation } from "./support/openapi";
import { FOREIGN_BANK, RESOLVERS, type ForeignRow, type ResolverContext } from "./support/samples";
import { PREPARED_USERS, demoUser, storageStateOf, type PreparedUser } from "./support/staff";

/*
 * Access rules, proven for every operation the server's OpenAPI document lists, so a new route is
 * covered the day it is added: (a) signed out → 401; (b) a role without the permission, a key
 * without the scope, or the wrong kind of caller → 403; (c) bank 0101 staff holding the permission
 * asking for a row of bank 0108 → 404 that reveals nothing of the row. Each check is repeated with
 * headers that once let requests skip Next's middleware or reach the RSC payload, and with a .rsc
 * suffix: none of them may answer 2xx.
 */

interface Variant {
  name: string;
  headers: Record<string, string>;
  suffix: string;
  /** Must answer exactly as the plain request; otherwise only "never 2xx". */
  same: boolean;
  /**
   * Redirects followed. Next answers an RSC request without its cache-busting `_rsc` query with a
   * 307 to the same URL plus `?_rsc`: what the caller finally gets is what counts.
   */
  maxRedirects: number;
}

const SUBREQUEST = { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" };
const VARIANTS: Variant[] = [
  { name: "plain", headers: {}, suffix: "", same: true, maxRedirects: 0 },
  { name: "x-middleware-subrequest", headers: SUBREQUEST, suffix: "", same: true, maxRedirects: 0 },
  { name: "RSC: 1", headers: { RSC: "1" }, suffix: "", same: true, maxRedirects: 3 },
  { name: "x-middleware-subrequest + RSC: 1", headers: { ...SUBREQUEST, RSC: "1" }, suffix: "", same: true, maxRedirects: 3 },
  { name: ".rsc suffix", headers: {}, suffix: ".rsc", same: false, maxRedirects: 0 },
];

const CARRIER_STAFF = PREPARED_USERS.filter((e) => e.endsWith("@carrier.demo"));
const BANK_0101_STAFF = PREPARED_USERS.filter((e) => e.endsWith("@bank0101.demo"));

function fillPath(op: Operation, values: Record<string, string>): string {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? ""));
}

/** Values for (a) and (b): the access check answers before any row is looked up. */
function placeholders(op: Operation): Record<string, string> {
  // A parameter of a closed set (a rule's code) takes the set's first value: another value is 404 before any access check.
  return Object.fromEntries(
    op.pathParams.map((p) => [p, (op.pathSchemas[p]?.enum?.[0] as string | undefined) ?? (/code$/i.test(p) ? FOREIGN_BANK.code : crypto.randomUUID())]),
  );
}

async function send(api: APIRequestContext, op: Operation, path: string, origin: string, variant: Variant): Promise<APIResponse> {
  const headers: Record<string, string> = { ...variant.headers };
  if (isMutation(op)) headers.origin = origin;
  const data = bodyFor(op);
  return api.fetch(`${path}${variant.suffix}`, {
    method: op.method.toUpperCase(),
    params: queryFor(op),
    headers,
    maxRedirects: variant.maxRedirects,
    ...(data !== undefined ? { data } : {}),
  });
}

/** What is wrong with a response that should be one of `allowed` as problem+json, revealing none of `secrets`; null when right. */
async function problemMismatch(res: APIResponse, allowed: number[], variant: Variant, secrets: string[] = []): Promise<string | null> {
  const text = await res.text();
  const leaked = secrets.filter((s) => s && text.includes(s));
  if (leaked.length) return `reveals ${leaked.join(", ")} (status ${res.status()})`;
  if (!variant.same) return res.status() >= 200 && res.status() < 300 ? `answered ${res.status()}: ${text.slice(0, 200)}` : null;
  if (!allowed.includes(res.status())) return `answered ${res.status()}, expected ${allowed.join(" or ")}: ${text.slice(0, 200)}`;
  if (!(res.headers()["content-type"] ?? "").includes("application/problem+json")) return `content-type ${res.headers()["content-type"]}, expected application/problem+json`;
  const body = JSON.parse(text) as { status?: number; requestId?: string; code?: string };
  if (body.status !== res.status() || !body.requestId || !body.code) return `problem body without status/code/requestId: ${text.slice(0, 200)}`;
  return null;
}

test.describe("a generated matrix over every /api/v1 route", () => {
  let ops: Operation[] = [];
  let anonymous: APIRequestContext;
  const clients = new Map<string, APIRequestContext>();
  let origin = "";

  test.beforeAll(async ({ playwright, baseURL }) => {
    origin = new URL(baseURL!).origin;
    anonymous = await playwright.request.newContext({ baseURL });
    ops = (await loadOperations(anonymous)).filter((op) => op.auth !== "public");
    expect(ops.length, "the document lists the protected operations").toBeGreaterThan(0);
  });

  // Contexts made inside a test end with it: a later test in the same worker makes its own.
  test.afterEach(async () => {
    for (const c of clients.values()) await c.dispose().catch(() => undefined);
    clients.clear();
  });

  test.afterAll(async () => {
    await anonymous?.dispose();
  });

  async function client(key: string, make: () => Promise<APIRequestContext>): Promise<APIRequestContext> {
    let c = clients.get(key);
    if (!c) {
      c = await make();
      clients.set(key, c);
    }
    return c;
  }

  function staff(playwright: { request: { newContext: (o: object) => Promise<APIRequestContext> } }, baseURL: string, email: PreparedUser) {
    return client(`staff:${email}`, () => playwright.request.newContext({ baseURL, storageState: storageStateOf(email) }));
  }

  test("signed out, every protected operation answers 401 problem+json", async ({ baseURL }) => {
    const failures: string[] = [];
    for (const op of ops) {
      const path = fillPath(op, placeholders(op));
      for (const variant of VARIANTS) {
        const wrong = await problemMismatch(await send(anonymous, op, path, origin, variant), [401], variant);
        if (wrong) failures.push(`${op.label} [${variant.name}] signed out: ${wrong}`);
      }
    }
    expect(failures, `checked ${ops.length} operations against ${baseURL}`).toEqual([]);
  });

  test("a caller without the operation's permission or scope, or of the wrong kind, gets 403", async ({ playwright, baseURL }) => {
    const failures: string[] = [];
    // Service keys made for the check: one lacking each scope, issued by the carrier's administrator.
    const admin = await staff(playwright, baseURL!, "admin@carrier.demo");
    const keys = new Map<string, APIRequestContext>();
    async function keyWithout(scope: string): Promise<APIRequestContext> {
      const cached = keys.get(scope);
      if (cached) return cached;
      const scopes = apiKeyScope.enumValues.filter((s) => s !== scope);
      const res = await admin.post("/api/v1/admin/api-keys", { data: { name: `e2e matrix: without ${scope}`, scopes }, headers: { origin } });
      expect(res.status(), `issue a key without ${scope}: ${await res.text()}`).toBe(201);
      const { value } = (await res.json()) as { value: string };
      const c = await client(`key:${scope}`, () => playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${value}` } }));
      keys.set(scope, c);
      return c;
    }

    const canIssueKeys = ops.some((o) => o.method === "post" && o.path === "/api/v1/admin/api-keys");
    if (!canIssueKeys) test.info().annotations.push({ type: "note", description: "no POST /api/v1/admin/api-keys: service-key checks left out" });

    let checks = 0;
    for (const op of ops) {
      const path = fillPath(op, placeholders(op));
      const callers: { who: string; api: APIRequestContext; allowed: number[] }[] = [];
      if (op.auth === "service") {
        // Staff sessions never act as a service integration.
        callers.push({ who: "staff session (admin@carrier.demo)", api: admin, allowed: [401, 403] });
      } else if (op.permission) {
        // From the carrier, so the row (if any) is in the caller's scope and only the role is lacking.
        const lacking = CARRIER_STAFF.find((e) => !hasPermission(demoUser(e).roles, op.permission as Permission));
        if (lacking) callers.push({ who: `${lacking} (no ${op.permission})`, api: await staff(playwright, baseURL!, lacking), allowed: [403] });
      }
      if (!canIssueKeys) {
        // nothing more
      } else if (op.auth === "staff") {
        callers.push({ who: "service key on a staff-only route", api: await keyWithout("__none__"), allowed: [403] });
      } else if (op.scope) {
        callers.push({ who: `service key without ${op.scope}`, api: await keyWithout(op.scope), allowed: [403] });
      }
      for (const caller of callers) {
        for (const variant of VARIANTS) {
          checks++;
          const wrong = await problemMismatch(await send(caller.api, op, path, origin, variant), caller.allowed, variant);
          if (wrong) failures.push(`${op.label} [${variant.name}] ${caller.who}: ${wrong}`);
        }
      }
    }
    expect(failures, `${checks} checks`).toEqual([]);
  });

  test("bank 0101 staff holding the permission get 404 for a row of bank 0108, revealing nothing of it", async ({ playwright, baseURL }) => {
    const failures: string[] = [];
    const missing = new Set<string>();
    const resolved = new Map<string, ForeignRow>();
    const ctx: ResolverContext = { as: (email) => staff(playwright, baseURL!, email), origin };
    let checks = 0;

    // Rows of one bank: routes whose path names a row another bank's staff must not learn of (the
    // carrier's detection rules, a person's own saved views and incidents across banks are not such rows).
    for (const op of ops.filter((o) => o.pathParams.length > 0 && o.bankScoped)) {
      if (op.auth === "service") continue; // no staff of a bank can call it at all: (b) covers it
      const rows: Record<string, ForeignRow> = {};
      for (const name of op.pathParams) {
        const resolver = RESOLVERS[name];
        if (!resolver) {
          missing.add(`${name} (${op.label})`);
          continue;
        }
        if (!resolved.has(name)) resolved.set(name, await resolver(ctx));
        rows[name] = resolved.get(name)!;
      }
      if (Object.keys(rows).length !== op.pathParams.length) continue;

      const holder = BANK_0101_STAFF.find((e) => !op.permission || hasPermission(demoUser(e).roles, op.permission as Permission));
      if (!holder) {
        failures.push(`${op.label}: no bank 0101 demo user holds ${op.permission}`);
        continue;
      }
      const api = await staff(playwright, baseURL!, holder);
      const path = fillPath(op, Object.fromEntries(Object.entries(rows).map(([k, r]) => [k, r.value])));
      const secrets = Object.values(rows).flatMap((r) => r.secrets);
      for (const variant of VARIANTS) {
        checks++;
        const wrong = await problemMismatch(await send(api, op, path, origin, variant), [404], variant, secrets);
        if (wrong) failures.push(`${op.label} [${variant.name}] ${holder}: ${wrong}`);
      }
    }
    expect(
      [...missing],
      "Path parameters without a resolver: add one to RESOLVERS in e2e/support/samples.ts (a row of bank 0108 and the strings a 404 must not reveal)",
    ).toEqual([]);
    expect(failures, `${checks} checks`).toEqual([]);
  });
});
