import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db";
import { bundleServer } from "@/scripts/bundle.mjs";
import { freshDatabase, POSTGRES_URL } from "@/tests/support/db";
import { makeBank, makeKey, setControl, waitFor, type TestBank } from "./support";

/**
 * The wallet platform's API server (scripts/api-server.ts), as `npm run build` bundles it and
 * `npm run serve:api` runs it: a process of its own. Its handlers are the console's (the fast-path
 * tests prove they answer as the Next routes do); these tests prove the process around them.
 */

const OUT = path.join(process.cwd(), "dist", `test-api-server-${process.pid}`);
let entry = "";
const SECRET = "api-server-test-secret-0123456789abcdef";

beforeAll(async () => {
  entry = await bundleServer("scripts/api-server.ts", OUT);
}, 60_000);
afterAll(() => fs.rmSync(OUT, { recursive: true, force: true }));

interface Proc {
  child: ChildProcess;
  base: string;
  output: string[];
}

/** Starts the bundled server; resolves once it listens, or with its exit code and output when it refuses to start. */
function start(env: Record<string, string | undefined>): Promise<Proc | { code: number | null; output: string }> {
  const child = spawn(process.execPath, [entry, "-p", "0", "-H", "127.0.0.1"], {
    env: { NODE_ENV: "production", PATH: process.env.PATH, LINKGUARD_CONTROLS_POLL_MS: "200", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  readline.createInterface({ input: child.stderr! }).on("line", (l) => output.push(l));
  return new Promise((resolve) => {
    readline.createInterface({ input: child.stdout! }).on("line", (l) => {
      output.push(l);
      const m = /ready on (http:\/\/[^\s"]+)/.exec(l);
      if (m) resolve({ child, base: m[1]!, output });
    });
    child.once("exit", (code) => resolve({ code, output: output.join("\n") }));
  });
}

async function stop(p: Proc): Promise<void> {
  if (p.child.exitCode !== null) return;
  const exited = new Promise((r) => p.child.once("exit", r));
  p.child.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 6_000))]);
}

describe("the API server's commands", () => {
  it("npm run build bundles it (scripts/bundle.mjs) and npm run serve:api runs that bundle, as the README says", () => {
    const scripts = (JSON.parse(fs.readFileSync(path.join(process.cwd(), "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    expect(scripts.build).toMatch(/next build && node scripts\/bundle\.mjs$/);
    expect(scripts["serve:api"]).toMatch(/ dist\/api-server\/server\.mjs$/);
    expect(fs.readFileSync(path.join(process.cwd(), "README.md"), "utf8")).toContain("npm run serve:api");
  });
});

describe("the API server refuses to start without what it needs", () => {
  it("names DATABASE_URL when it is unset (the embedded database belongs to the console's one process)", async () => {
    const r = await start({ AUTH_SECRET: SECRET });
    expect(r).toMatchObject({ code: 1 });
    expect((r as { output: string }).output).toMatch(/DATABASE_URL is not set/);
  });

  it("names AUTH_SECRET when it is unset", async () => {
    const r = await start({ DATABASE_URL: "postgresql://nobody@127.0.0.1:1/none" });
    expect(r).toMatchObject({ code: 1 });
    expect((r as { output: string }).output).toMatch(/AUTH_SECRET is not set/);
  });
});

if (POSTGRES_URL) {
  describe("the API server on PostgreSQL [postgres]", () => {
    let handle: DatabaseHandle & { url?: string };
    let bank: TestBank;
    let key: string;
    let server: Proc;
    const post = (p: string, body: unknown, headers: Record<string, string> = { authorization: `Bearer ${key}` }) =>
      fetch(`${server.base}${p}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });
    const charge = { operation: "charge", walletId: "w-api-server", verification: "pin_only", amountYen: 30_000 };

    beforeAll(async () => {
      handle = await freshDatabase("postgres");
      bank = await makeBank(handle.db);
      key = (await makeKey(handle.db, ["decisions", "events"])).key;
      const started = await start({ DATABASE_URL: handle.url, AUTH_SECRET: SECRET, LINKGUARD_COUNTERS_FLUSH_MS: "60000" });
      if (!("child" in started)) throw new Error(`the API server did not start: ${started.output}`);
      server = started;
    }, 60_000);
    afterAll(async () => {
      if (server) await stop(server);
      await handle?.close();
    });

    it("answers decisions from its snapshot, each with a request id, and obeys a control changed elsewhere within 1 s", async () => {
      const allow = await post("/api/v1/decisions", { ...charge, bankCode: bank.code }, { authorization: `Bearer ${key}`, "x-request-id": "platform-trace-0001" });
      expect(allow.status).toBe(200);
      expect(allow.headers.get("x-request-id")).toBe("platform-trace-0001");
      expect(allow.headers.get("x-content-type-options")).toBe("nosniff");
      expect(await allow.json()).toMatchObject({ decision: "allow", reason: "open" });

      const t0 = performance.now();
      const version = await setControl(handle.db, bank.id, "charges", "suspended");
      const after = await waitFor(async () => ((await (await post("/api/v1/decisions", { ...charge, bankCode: bank.code })).json()) as { decision: string }).decision === "deny", 2_000, 5);
      expect(after, `obeyed ${Math.round(performance.now() - t0)} ms after the change`).toBeLessThan(1_000);
      const denied = await post("/api/v1/decisions", { ...charge, bankCode: bank.code });
      // Every answer carries a request id, a success without the caller's own included.
      expect(denied.headers.get("x-request-id")).toMatch(/^[A-Za-z0-9_-]{12}\.[0-9a-z]+$/);
      expect(await denied.json()).toMatchObject({ decision: "deny", reason: "charges_suspended", controlVersion: version });

      const batch = await post("/api/v1/decisions/batch", { questions: [{ ...charge, bankCode: bank.code }, { ...charge, bankCode: "99999" }] });
      expect(batch.status).toBe(200);
      const answers = ((await batch.json()) as { answers: Record<string, unknown>[] }).answers;
      expect(answers[0]).toMatchObject({ index: 0, decision: "deny", reason: "charges_suspended" });
      expect(answers[1]).toMatchObject({ index: 1, error: "invalid" });
    });

    it("ingests events once: a replayed batch is reported duplicate and stores nothing more", async () => {
      const event = {
        eventId: `api-server-${bank.code}-1`,
        type: "link_created",
        walletId: `w-api-server-${bank.code}`,
        email: "api-server@throwaway.example",
        bankCode: bank.code,
        branchCode: "123",
        accountType: "ordinary",
        accountNumber: "1234567",
        holderNameKana: "ﾔﾏﾀﾞ ﾀﾛｳ",
        verification: "otp",
        linkedAt: "2026-11-30T01:00:00Z",
      };
      const first = await post("/api/v1/events", { events: [event] });
      expect(first.status).toBe(200);
      expect(await first.json()).toMatchObject({ stored: 1, duplicates: 0, invalid: 0 });
      const again = await post("/api/v1/events", { events: [event] });
      expect(await again.json()).toMatchObject({ stored: 0, duplicates: 1, invalid: 0 });
      const links = await handle.db.execute(sql`select count(*)::int as n from linked_accounts where wallet_id = ${event.walletId}`);
      expect((links as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(1);
    });

    it("refuses in problem+json what it does not serve, and what has no valid key or no valid body", async () => {
      const problem = async (res: Response, status: number, field?: string) => {
        expect(res.status).toBe(status);
        expect(res.headers.get("content-type")).toBe("application/problem+json");
        const body = (await res.json()) as { status: number; requestId: string; errors?: Record<string, string> };
        expect(body.status).toBe(status);
        expect(body.requestId).toBe(res.headers.get("x-request-id"));
        if (field) expect(Object.keys(body.errors ?? {})).toContain(field);
        return body;
      };
      await problem(await post("/api/v1/decisions", { ...charge, bankCode: bank.code }, {}), 401);
      await problem(await post("/api/v1/decisions", { ...charge, bankCode: bank.code }, { authorization: "Bearer lg_not_a_key_at_all_0000000000" }), 401);
      await problem(await post("/api/v1/accounts", {}), 404);
      const get = await fetch(`${server.base}/api/v1/decisions`);
      await problem(get, 405);
      expect(get.headers.get("allow")).toBe("POST");
      await problem(await post("/api/v1/decisions", "{not json"), 400, "body");
      await problem(await post("/api/v1/decisions", { ...charge, bankCode: bank.code, amountYen: -5 }), 422, "amountYen");
      await problem(await post("/api/v1/decisions", { ...charge, bankCode: bank.code, walletId: "x".repeat(20_000) }), 413);
    });

    it("answers its health check", async () => {
      const res = await fetch(`${server.base}/api/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: "ok", database: "postgres" });
    });

    it("writes the decisions it counted when it is stopped (SIGTERM), not only on its timer", async () => {
      const counted = async () => {
        const r = await handle.db.execute(sql`select coalesce(sum(count), 0)::int as n from decision_counters where bank_id = ${bank.id}`);
        return (r as unknown as { rows: { n: number }[] }).rows[0]!.n;
      };
      const before = await counted();
      for (let i = 0; i < 5; i++) expect((await post("/api/v1/decisions", { ...charge, bankCode: bank.code })).status).toBe(200);
      expect(await counted()).toBe(before); // the flush timer is a minute here
      await stop(server);
      expect(server.child.exitCode).toBe(0);
      // Logged once the pool has ended (scripts/server-lifecycle.mjs: the database closes last).
      expect(server.output.join("\n")).toContain('"msg":"stopped"');
      expect(await counted()).toBeGreaterThanOrEqual(before + 5);
    });
  });
}
