import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listControlsRoute } from "@/app/api/v1/controls/route";
import { openDatabase, setDatabase, type DatabaseHandle } from "@/db";
import { seedOrganisationsAndStaff } from "@/db/seed";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/service";
import type { StaffActor } from "@/lib/auth/actor";
import { stopControlSnapshot } from "@/lib/controls/snapshot";
import { bundleServer } from "@/scripts/bundle.mjs";
import { actorOf } from "@/tests/admin/support";
import { makeBank, waitFor, type TestBank } from "@/tests/decisions/support";
import { freshDatabase, POSTGRES_URL } from "@/tests/support/db";
import { FaultProxy, type FaultMode } from "@/tests/support/fault-proxy";
import { proxy as consoleProxy } from "@/proxy";

/**
 * Issue #12 §1 on PostgreSQL: a TCP proxy of the test's own (tests/support/fault-proxy.ts) sits
 * between the servers and the database and refuses, black-holes, cuts and slows. Real HTTP
 * requests with a real API key (made by lib/api-keys, sent as a Bearer token) go to the bundled
 * API server (scripts/api-server.ts, a process of its own); the console's APIs are proved on their
 * Next route handler in this process, on a pool of its own through the same proxy, and its pages on
 * the console's proxy (proxy.ts: the outage page with 503 before rendering; the console's production
 * server, with real pages, is e2e/outage.spec.ts, after `npm run build`). Every phase's answers and times are asserted, and the
 * recovery once the database is back.
 */

const GRACE_MS = 1_500;
/** The bounds the servers are started with (README: configuration). */
const SERVER_ENV = {
  LINKGUARD_CONTROLS_GRACE_MS: String(GRACE_MS),
  LINKGUARD_CONTROLS_POLL_MS: "300",
  // Shorter than a phase: the key's cache entry expires during each fault, so its lookup is under test.
  LINKGUARD_API_KEY_CACHE_MS: "1000",
  LINKGUARD_DB_CONNECT_TIMEOUT_MS: "1000",
  LINKGUARD_DB_STATEMENT_TIMEOUT_MS: "1500",
  LINKGUARD_COUNTERS_FLUSH_MS: "500",
};
/** A console API answers within its own timeouts: connecting, then a statement and its read time-out. */
const CONSOLE_BOUND_MS = 1_000 + 1_500 + 1_000 + 1_000;
const PHASE_MS = GRACE_MS + 2_000;
const SECRET = "outage-test-secret-0123456789abcdef";
const OUT = path.join(process.cwd(), "dist", `test-outage-${process.pid}`);

interface Proc {
  child: ChildProcess;
  base: string;
  output: string[];
}

function startApiServer(entry: string, env: Record<string, string>): Promise<Proc> {
  const child = spawn(process.execPath, [entry, "-p", "0", "-H", "127.0.0.1"], {
    env: { NODE_ENV: "production", PATH: process.env.PATH, AUTH_SECRET: SECRET, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  readline.createInterface({ input: child.stderr! }).on("line", (l) => output.push(l));
  return new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).on("line", (l) => {
      if (output.length < 2_000) output.push(l);
      const m = /ready on (http:\/\/[^\s"]+)/.exec(l);
      if (m) resolve({ child, base: m[1]!, output });
    });
    child.once("exit", (code) => reject(new Error(`the API server exited with ${code}: ${output.join("\n")}`)));
  });
}

async function stopProc(p: Proc | undefined): Promise<void> {
  if (!p || p.child.exitCode !== null) return;
  const exited = new Promise((r) => p.child.once("exit", r));
  p.child.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 6_000))]);
  if (p.child.exitCode === null) p.child.kill("SIGKILL");
}

interface Answer {
  /** Milliseconds since the fault began. */
  at: number;
  ms: number;
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

async function timed(at0: number, request: () => Promise<Response>): Promise<Answer> {
  const started = performance.now();
  const res = await request();
  const text = await res.text();
  const ms = performance.now() - started;
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { text };
  }
  return { at: started - at0, ms, status: res.status, headers: res.headers, body };
}

function p99(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] ?? 0;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!POSTGRES_URL)("decisions, events and console APIs while the database fails (needs PostgreSQL: set TEST_DATABASE_URL) [postgres]", () => {
  let direct: DatabaseHandle & { url?: string };
  let proxied: DatabaseHandle;
  let proxy: FaultProxy;
  let api: Proc;
  let bank: TestBank;
  let admin: StaffActor;
  let key: string;
  const saved: Record<string, string | undefined> = {};

  const question = () => ({ operation: "charge", bankCode: bank.code, walletId: "w-outage", verification: "pin_only", amountYen: 30_000 });
  const post = (base: string, p: string, body: unknown, k = key) =>
    fetch(`${base}${p}`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${k}` }, body: JSON.stringify(body) });
  const decide = (k = key) => post(api.base, "/api/v1/decisions", question(), k);
  const batch = () => post(api.base, "/api/v1/decisions/batch", { questions: [question(), question()] });
  const event = (id: string) => ({
    eventId: `outage-${id}`,
    type: "link_created",
    walletId: `w-outage-${id}`,
    email: "outage@throwaway.example",
    bankCode: bank.code,
    branchCode: "123",
    accountType: "ordinary",
    accountNumber: "1234567",
    holderNameKana: "ﾔﾏﾀﾞ ﾀﾛｳ",
    verification: "otp",
    linkedAt: "2026-11-30T01:00:00Z",
  });
  const ingest = (id: string) => post(api.base, "/api/v1/events", { events: [event(id)] });
  /** A signed-in page view as the console's proxy (proxy.ts) answers it before Next renders anything. */
  const pageView = async () => {
    const started = performance.now();
    const res = await consoleProxy(new NextRequest("http://localhost/controls", { headers: { cookie: "authjs.session-token=x" } }));
    return { ms: performance.now() - started, status: res.status, headers: res.headers };
  };
  const consoleControls = () =>
    listControlsRoute(new Request("http://localhost/api/v1/controls", { headers: { authorization: `Bearer ${key}` } }), { params: Promise.resolve({}) } as never);
  const stored = async (id: string) => {
    const r = await direct.db.execute(sql`select (select count(*)::int from wallet_events where event_id = ${`outage-${id}`}) as events,
      (select count(*)::int from linked_accounts where wallet_id = ${`w-outage-${id}`}) as links`);
    return (r as unknown as { rows: { events: number; links: number }[] }).rows[0]!;
  };

  beforeAll(async () => {
    const entry = bundleServer("scripts/api-server.ts", OUT);
    direct = await freshDatabase("postgres");
    await seedOrganisationsAndStaff(direct.db);
    bank = await makeBank(direct.db);
    const url = new URL(direct.url!);
    proxy = new FaultProxy({ host: url.hostname, port: Number(url.port || 5432) }, 150);
    await proxy.listen();
    // This process plays the console: its pool goes through the proxy with the same bounds.
    for (const [k, v] of Object.entries({ ...SERVER_ENV, DATABASE_URL: proxy.url(direct.url!) })) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    proxied = await openDatabase({ url: proxy.url(direct.url!) });
    setDatabase(proxied);
    admin = await actorOf(direct.db, "admin@carrier.demo");
    key = (await createApiKey(admin, { name: "Wallet platform (outage test)", scopes: ["decisions", "events", "controls"] })).value;
    api = await startApiServer(await entry, { DATABASE_URL: proxy.url(direct.url!), ...SERVER_ENV });
  }, 90_000);

  afterAll(async () => {
    if (api && api.child.exitCode !== null) console.log(`the API server exited:\n${api.output.filter((l) => !l.includes('"msg":"request"')).slice(-40).join("\n")}`);
    await stopProc(api);
    await stopControlSnapshot();
    setDatabase(undefined);
    await proxied?.close().catch(() => undefined);
    await proxy?.close();
    await direct?.close();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    fs.rmSync(OUT, { recursive: true, force: true });
  });

  it("a revoked key stops working on another process at once (NOTIFY), long before its cache entry would expire", async () => {
    const other = await startApiServer(await bundleServer("scripts/api-server.ts", `${OUT}-b`), {
      DATABASE_URL: direct.url!,
      LINKGUARD_API_KEY_CACHE_MS: "600000",
    });
    try {
      const revocable = await createApiKey(admin, { name: "Revoked during the test", scopes: ["decisions"] });
      const ask = () => post(other.base, "/api/v1/decisions", question(), revocable.value);
      expect((await ask()).status).toBe(200);
      expect((await ask()).status).toBe(200);
      await revokeApiKey(admin, revocable.apiKey.id);
      const refusedAfter = await waitFor(async () => (await ask()).status === 401, 3_000, 10);
      expect(refusedAfter, `refused ${Math.round(refusedAfter)} ms after the revocation`).toBeLessThan(1_000);
    } finally {
      await stopProc(other);
      fs.rmSync(`${OUT}-b`, { recursive: true, force: true });
    }
  }, 60_000);

  const faults: { mode: FaultMode; what: string }[] = [
    { mode: "refuse", what: "refuses connections" },
    { mode: "blackhole", what: "accepts connections and never answers" },
    { mode: "cut", what: "cuts every connection mid-query" },
    { mode: "slow", what: "answers every packet 150 ms late" },
  ];

  for (const { mode, what } of faults) {
    it(`while the database ${what}: decisions answer within 250 ms at p99 (the snapshot while fresh, then deny controls_unavailable), events, console APIs and pages 503 with Retry-After, nothing half-written; all recovers within 2 s`, async () => {
      await proxy.set("pass");
      // Warm: the key is verified by both processes, the snapshot fresh, the console's pool open.
      await waitFor(async () => ((await (await decide()).json()) as { reason?: string }).reason === "open", 10_000, 50);
      expect((await consoleControls()).status).toBe(200);
      const coldKey = (await createApiKey(admin, { name: `Never used before the ${mode} fault`, scopes: ["decisions"] })).value;
      await sleep(1_100); // the key's cache entry (1 s) has run out: the fault meets its lookup

      await proxy.set(mode);
      const t0 = performance.now();
      const decisions: Answer[] = [];
      // Begun a little into the fault, so this process's own work does not delay the first decisions' clocks.
      const eventAnswer = sleep(200).then(() => timed(t0, () => ingest(mode)));
      const consoleAnswer = sleep(250).then(() => timed(t0, consoleControls));
      const pageAnswer = sleep(250).then(pageView);
      const coldAnswer = mode === "slow" ? undefined : sleep(300).then(() => timed(t0, () => decide(coldKey)));
      while (performance.now() - t0 < PHASE_MS) {
        decisions.push(...(await Promise.all([timed(t0, () => decide()), timed(t0, () => decide()), timed(t0, () => decide()), timed(t0, batch)])));
        await sleep(20);
      }

      // Decisions: always 200, never a 5xx or a hang; the snapshot while fresh, then fail closed.
      const times = decisions.map((a) => a.ms);
      const slowest = [...decisions].sort((a, b) => b.ms - a.ms).slice(0, 3).map((a) => `${Math.round(a.ms)} ms at ${Math.round(a.at)}`);
      const summary = `${decisions.length} answers, median ${Math.round([...times].sort((a, b) => a - b)[times.length >> 1]!)} ms, p99 ${Math.round(p99(times))} ms, slowest ${slowest.join(", ")}`;
      console.log(`[${mode}] decisions: ${summary}`);
      expect(p99(times), summary).toBeLessThan(250);
      for (const a of decisions) {
        expect(a.status, JSON.stringify(a.body)).toBe(200);
        const answers = (a.body.answers as Record<string, unknown>[] | undefined) ?? [a.body];
        for (const d of answers) {
          // A slow database still confirms the snapshot: it stays fresh.
          if (d.reason === "open") {
            if (mode !== "slow") expect(a.at, "answered from the snapshot only while it was fresh").toBeLessThan(GRACE_MS + 700);
          } else expect(d).toMatchObject({ decision: "deny", reason: "controls_unavailable" });
        }
      }
      if (mode !== "slow") {
        const late = decisions.filter((a) => a.at > GRACE_MS + 700);
        expect(late.length).toBeGreaterThan(5);
        for (const a of late) expect(JSON.stringify(a.body)).toContain("controls_unavailable");
      }

      // Events and the console's API: a 503 problem+json with Retry-After within their timeouts (slow: answered).
      for (const [name, p] of [["events", eventAnswer], ["console API", consoleAnswer]] as const) {
        const a = await p;
        console.log(`[${mode}] ${name}: ${a.status} in ${Math.round(a.ms)} ms`);
        // Slow: answered, each of its statements within the statement timeout.
        expect(a.ms, `${name} answered within its timeouts`).toBeLessThan(mode === "slow" ? 10_000 : CONSOLE_BOUND_MS);
        if (mode === "slow") {
          expect([200, 503], `${name}: ${JSON.stringify(a.body)}`).toContain(a.status);
          continue;
        }
        expect(a.status, `${name}: ${JSON.stringify(a.body)}`).toBe(503);
        expect(a.headers.get("content-type")).toBe("application/problem+json");
        expect(a.headers.get("retry-after")).toMatch(/^\d+$/);
        expect(a.body).toMatchObject({ status: 503, code: "unavailable" });
      }
      // A console page: the outage page with 503 and Retry-After, before it renders, within the page's
      // wait for the database (2 s). Slow: the database answers, the page renders.
      const page = await pageAnswer;
      console.log(`[${mode}] console page: ${page.status} in ${Math.round(page.ms)} ms`);
      expect(page.ms, "the page's check waits at most 2 s").toBeLessThan(2_500);
      if (mode !== "slow") {
        expect(page.status).toBe(503);
        expect(page.headers.get("retry-after")).toMatch(/^\d+$/);
        expect(new URL(page.headers.get("x-middleware-rewrite")!, "http://localhost").pathname).toBe("/unavailable");
      }

      // The API server's health: alive, not ready, the database down and the snapshot stale, each said.
      const health = await timed(t0, () => fetch(`${api.base}/api/health`));
      if (mode !== "slow") {
        expect(health.status, JSON.stringify(health.body)).toBe(503);
        expect(health.body).toMatchObject({ status: "unavailable", live: true, ready: false, checks: { database: { state: "down" }, decisions: { state: "stale" } } });
        expect((health.body.checks as { decisions: { snapshotAgeMs: number } }).decisions.snapshotAgeMs).toBeGreaterThan(GRACE_MS);
      }
      expect(health.ms).toBeLessThan(2_500);
      const live = await fetch(`${api.base}/api/health?probe=live`);
      expect(live.status).toBe(200);
      expect(await live.json()).toMatchObject({ live: true });

      // A key this process never verified cannot be checked: 503 too, never a hang.
      if (coldAnswer) {
        const a = await coldAnswer;
        console.log(`[${mode}] never-verified key: ${a.status} in ${Math.round(a.ms)} ms`);
        expect(a.status).toBe(503);
        expect(a.headers.get("retry-after")).toMatch(/^\d+$/);
        expect(a.ms).toBeLessThan(CONSOLE_BOUND_MS);
      }

      // The database is back: decisions, events and the console's API recover by themselves within 2 s.
      await proxy.set("pass");
      const [decided, ingested, listed, paged] = await Promise.all([
        waitFor(async () => ((await (await decide()).json()) as { reason?: string }).reason === "open", 5_000, 20),
        waitFor(async () => (await ingest(`${mode}-after`)).status === 200, 5_000, 20),
        waitFor(async () => (await consoleControls()).status === 200, 5_000, 20),
        waitFor(async () => (await pageView()).headers.get("x-middleware-next") === "1", 5_000, 20),
      ]);
      console.log(`[${mode}] recovered: decisions ${Math.round(decided)} ms, events ${Math.round(ingested)} ms, console API ${Math.round(listed)} ms, console page ${Math.round(paged)} ms`);
      expect(decided, "decisions recovered").toBeLessThan(2_000);
      expect(Math.max(decided, ingested, listed, paged), "events and console recovered").toBeLessThan(2_000);
      expect(await (await fetch(`${api.base}/api/health`)).json()).toMatchObject({ ready: true, checks: { database: { state: "up" }, decisions: { state: "fresh" } } });

      // Nothing half-written: the refused batch stored nothing; sent again, it is stored once.
      if ((await eventAnswer).status !== 200) {
        expect(await stored(mode)).toEqual({ events: 0, links: 0 });
        const again = await ingest(mode);
        expect(again.status).toBe(200);
        expect(await again.json()).toMatchObject({ stored: 1, duplicates: 0 });
      }
      expect(await stored(mode)).toEqual({ events: 1, links: 1 });
      // The key never verified here is checked again once the database is back (a lookup that failed
      // just before holds the next one off for 500 ms), within the same 2 s.
      const coldRecovered = await waitFor(async () => (await decide(coldKey)).status === 200, 5_000, 20);
      console.log(`[${mode}] never-verified key recovered: ${Math.round(coldRecovered)} ms`);
      expect(coldRecovered, "a never-verified key is checked again after the database returns").toBeLessThan(2_000);
    }, 60_000);
  }
});
