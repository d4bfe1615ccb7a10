import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import net from "node:net";
import path from "node:path";
import readline from "node:readline";
import { expect, test, type APIResponse } from "@playwright/test";
import pg from "pg";
import { DEMO_API_KEY } from "@/db/seed/staff";
import { SERVER_NODE_ARGS } from "../scripts/server-args.mjs";
import { FaultProxy } from "../tests/support/fault-proxy";
import { submitSignIn, T } from "./support/staff";

/**
 * Issue #12 §1, the console's own production server (scripts/server.mjs, from `npm run build`) on
 * PostgreSQL through a TCP proxy of the test's own (tests/support/fault-proxy.ts): a signed-in
 * page, the console's API and its decision fast path while the database refuses connections, and
 * the recovery. Needs PostgreSQL (TEST_DATABASE_URL); the rest of the e2e suite runs on PGlite.
 */

const POSTGRES_URL = process.env.TEST_DATABASE_URL;
const ROOT = path.resolve(import.meta.dirname, "..");
const USER = "investigator2@carrier.demo";

/**
 * A free port for the server. Not port 0: Next builds the URL its proxy sees from the port it was
 * given, and the proxy's rewrite to the outage page must name the same origin as the request.
 */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

test.describe("the console while PostgreSQL is down (needs TEST_DATABASE_URL)", () => {
  test.skip(!POSTGRES_URL, "needs PostgreSQL: set TEST_DATABASE_URL");
  test.describe.configure({ mode: "serial", timeout: 180_000 });

  let server: ChildProcess | undefined;
  let base = "";
  let proxy: FaultProxy;
  let dbName = "";
  const output: string[] = [];

  test.beforeAll(async () => {
    test.setTimeout(240_000);
    dbName = `lg_e2e_outage_${crypto.randomBytes(5).toString("hex")}`;
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    await admin.end();
    const url = new URL(POSTGRES_URL!);
    url.pathname = `/${dbName}`;
    proxy = new FaultProxy({ host: url.hostname, port: Number(url.port || 5432) });
    await proxy.listen();
    server = spawn(process.execPath, [...SERVER_NODE_ARGS, path.join(ROOT, "scripts", "server.mjs"), "-p", String(await freePort()), "-H", "127.0.0.1"], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        DATABASE_URL: proxy.url(url.toString()),
        AUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
        LINKGUARD_SEED_ON_EMPTY: "1",
        LINKGUARD_SEED_SCALE: "0.01",
        LINKGUARD_CONTROLS_GRACE_MS: "1500",
        LINKGUARD_CONTROLS_POLL_MS: "300",
        LINKGUARD_DB_CONNECT_TIMEOUT_MS: "1000",
        LINKGUARD_DB_STATEMENT_TIMEOUT_MS: "1500",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    readline.createInterface({ input: server.stderr! }).on("line", (l) => output.push(l));
    base = await new Promise<string>((resolve, reject) => {
      readline.createInterface({ input: server!.stdout! }).on("line", (l) => {
        output.push(l);
        const m = /ready on (http:\/\/[^\s"]+)/.exec(l);
        if (m) resolve(m[1]!);
      });
      server!.once("exit", (code) => reject(new Error(`the console server exited with ${code}:\n${output.slice(-30).join("\n")}`)));
    });
    // Seeded as it starts: ready once the health check says so.
    await expect.poll(async () => (await fetch(`${base}/api/health`)).status, { timeout: 180_000, intervals: [500] }).toBe(200);
  });

  test.afterAll(async () => {
    const notable = output.filter((l) => /"level":"(error|warn)"/.test(l) && !l.includes("flush failed"));
    if (notable.length) console.log(`[outage e2e] server warnings:\n${notable.slice(0, 15).join("\n")}`);
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server!.once("exit", r));
      server.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 8_000))]);
      if (server.exitCode === null) server.kill("SIGKILL");
    }
    await proxy?.close();
    if (dbName) {
      const admin = new pg.Client({ connectionString: POSTGRES_URL });
      await admin.connect();
      await admin.query(`drop database if exists ${dbName} with (force)`);
      await admin.end();
    }
  });

  async function expectUnavailable(res: APIResponse) {
    expect(res.status()).toBe(503);
    expect(res.headers()["content-type"]).toContain("application/problem+json");
    expect(res.headers()["retry-after"]).toMatch(/^\d+$/);
    expect(await res.json()).toMatchObject({ status: 503, code: "unavailable" });
  }

  test("a page answers 503 with the outage page in the user's language and comes back by itself; the APIs answer 503 or fail closed; pages and APIs answer again within 2 s", async ({ browser }) => {
    const context = await browser.newContext({ baseURL: base });
    await context.addCookies([{ name: "lg_locale", value: "en", url: base }]);
    const page = await context.newPage();
    await page.goto("/sign-in");
    await submitSignIn(page, { email: USER });
    await expect(page.getByTestId("user-menu")).toBeVisible({ timeout: 30_000 });
    await page.goto("/controls");
    const heading = page.getByRole("heading", { level: 1 });
    await expect(heading).toBeVisible();
    const title = await heading.textContent();
    const decide = () =>
      page.request.post("/api/v1/decisions", {
        headers: { authorization: `Bearer ${DEMO_API_KEY}` },
        data: { operation: "charge", bankCode: "0101", walletId: "w-e2e-outage", verification: "pin_only", amountYen: 1_000 },
      });
    const first = await decide();
    expect(first.status()).toBe(200);
    const usual = ((await first.json()) as { reason: string }).reason;
    expect(usual).not.toBe("controls_unavailable");

    await proxy.set("refuse");
    const down = performance.now();
    // A link followed in the page (the router asks for the next page's RSC): the outage page, at the
    // link's address.
    await page.getByRole("link", { name: T.en("shell.nav.accounts") }).click();
    await expect(page.getByTestId("database-unavailable")).toContainText(T.en("common.databaseUnavailable"));
    expect(new URL(page.url()).pathname).toBe("/accounts");
    // The page: 503 with Retry-After, before anything renders, and the outage page at the page's own
    // address, in English here and in Japanese for a Japanese reader.
    const during = await page.goto("/controls");
    console.log(`[outage e2e] the page answered ${during?.status()} ${Math.round(performance.now() - down)} ms into the outage`);
    expect(during?.status()).toBe(503);
    expect(await during?.headerValue("retry-after")).toMatch(/^\d+$/);
    expect(new URL(page.url()).pathname).toBe("/controls");
    await expect(page.getByTestId("database-unavailable")).toContainText(T.en("common.databaseUnavailable"));
    await expect(page).toHaveTitle(new RegExp(T.en("common.databaseUnavailable")));
    const ja = await browser.newContext({ baseURL: base, storageState: await context.storageState() });
    await ja.addCookies([{ name: "lg_locale", value: "ja", url: base }]);
    const jaPage = await ja.newPage();
    expect((await jaPage.goto("/controls"))?.status()).toBe(503);
    await expect(jaPage.getByTestId("database-unavailable")).toContainText(T.ja("common.databaseUnavailable"));
    await ja.close();
    console.log(`[outage e2e] the page said so ${Math.round(performance.now() - down)} ms into the outage`);

    // The console's API: 503 problem+json with Retry-After, within its timeouts.
    const started = performance.now();
    await expectUnavailable(await page.request.get("/api/v1/controls"));
    expect(performance.now() - started).toBeLessThan(4_000);
    // Decisions on the console's server: fail closed after the grace period, never a 5xx.
    await expect.poll(async () => ((await (await decide()).json()) as { reason?: string }).reason, { timeout: 5_000, intervals: [100] }).toBe("controls_unavailable");
    const health = await page.request.get("/api/health");
    expect(health.status()).toBe(503);
    expect(await health.json()).toMatchObject({ ready: false, checks: { database: { state: "down" } } });

    // The outage page loads the page again by itself (it asks /api/health every 250 ms); a page
    // asked for answers 200; the APIs answer. Each is timed by when the request that succeeded was
    // sent, counted from the moment PostgreSQL is reachable again: the time the console takes to see
    // the database back. How long that request then took to answer is the machine's load (pages
    // render with the other workers' browsers on the same two cores), logged beside it.
    const reloaded = page.waitForRequest((r) => r.isNavigationRequest() && r.frame() === page.mainFrame() && new URL(r.url()).pathname === "/controls", { timeout: 10_000 });
    await proxy.set("pass");
    const back = performance.now();
    const since = () => performance.now() - back;
    /** Asks until `ok`, 100 ms apart: when the successful request was sent, and when it was answered. */
    const firstSuccess = async (ask: () => Promise<boolean>): Promise<{ sent: number; answered: number }> => {
      for (;;) {
        const sent = since();
        if (await ask()) return { sent, answered: since() };
        if (since() > 10_000) throw new Error("no success within 10 s of the database coming back");
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const [reloadAsked, shownBack, pageBack, apiBack, decisionsBack] = await Promise.all([
      reloaded.then(since),
      expect(page.getByRole("heading", { level: 1, name: title! }))
        .toBeVisible({ timeout: 10_000 })
        .then(since),
      firstSuccess(async () => (await page.request.get("/controls", { maxRedirects: 0 })).status() === 200),
      firstSuccess(async () => (await page.request.get("/api/v1/controls")).status() === 200),
      firstSuccess(async () => ((await (await decide()).json()) as { reason?: string }).reason === usual),
    ]);
    const ms = (x: { sent: number; answered: number }) => `${Math.round(x.sent)} ms (answered at ${Math.round(x.answered)})`;
    console.log(
      `[outage e2e] back after: page 200 ${ms(pageBack)}, console API ${ms(apiBack)}, decisions ${ms(decisionsBack)}; the outage page reloaded at ${Math.round(reloadAsked)} ms and showed the page at ${Math.round(shownBack)} ms`,
    );
    expect(pageBack.sent).toBeLessThan(2_000);
    expect(apiBack.sent).toBeLessThan(2_000);
    expect(decisionsBack.sent).toBeLessThan(2_000);
    // The browser's copy: the outage page's next question to /api/health (250 ms apart), then it
    // loads the page again.
    expect(reloadAsked).toBeLessThan(2_000);
    await context.close();
  });
});
