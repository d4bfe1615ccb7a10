import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import readline from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, POSTGRES_URL } from "@/tests/support/db";
import type { DatabaseHandle } from "@/db";
import { users } from "@/db/schema";
import { makeBank, setControl, waitFor, type TestBank } from "./support";

/**
 * Several server processes against one PostgreSQL: only provable there, so registered only when
 * TEST_DATABASE_URL is set. Each process is tests/support/decision-process.ts, which keeps the
 * control snapshot exactly as the app does and answers over HTTP.
 */

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

function post(port: number, p: string, body: unknown): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = http.request({ host: "127.0.0.1", port, path: p, method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(data) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
        } catch (e) {
          reject(e);
        }
      });
    });
    req.on("error", reject);
    req.end(data);
  });
}

interface Proc {
  child: ChildProcess;
  port: number;
}

function start(databaseUrl: string, env: Record<string, string> = {}): Promise<Proc> {
  const child = spawn(path.join(process.cwd(), "node_modules/.bin/tsx"), ["--conditions", "react-server", "tests/support/decision-process.ts"], {
    cwd: process.cwd(),
    env: { ...process.env, DATABASE_URL: databaseUrl, LINKGUARD_LOG: "silent", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    lines.once("line", (line) => resolve({ child, port: (JSON.parse(line) as { port: number }).port }));
    child.once("exit", (code) => reject(new Error(`decision process exited with ${code}`)));
  });
}

async function stop(p: Proc | undefined): Promise<void> {
  if (!p || p.child.exitCode !== null) return;
  const exited = new Promise((r) => p.child.once("exit", r));
  p.child.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
  if (p.child.exitCode === null) p.child.kill("SIGKILL");
}

/** A TCP proxy in front of PostgreSQL that the test can cut (every connection dropped, new ones refused) and restore. */
class CuttableProxy {
  private server: net.Server;
  private sockets = new Set<net.Socket>();
  private open = true;
  port = 0;

  constructor(
    private target: { host: string; port: number },
  ) {
    this.server = net.createServer((client) => {
      if (!this.open) return client.destroy();
      const upstream = net.connect(this.target);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on("close", () => this.sockets.delete(s));
        s.on("error", () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
  }

  listen(): Promise<void> {
    return new Promise((r) => this.server.listen(0, "127.0.0.1", () => ((this.port = (this.server.address() as net.AddressInfo).port), r())));
  }

  cut(): void {
    this.open = false;
    for (const s of this.sockets) s.destroy();
  }

  restore(): void {
    this.open = true;
  }

  close(): Promise<void> {
    this.cut();
    return new Promise((r) => this.server.close(() => r()));
  }
}

if (POSTGRES_URL) {
  describe("decisions across server processes [postgres]", () => {
    let handle: DatabaseHandle & { url?: string };
    let bank: TestBank;
    const procs: Proc[] = [];
    let proxy: CuttableProxy | undefined;

    beforeAll(async () => {
      handle = await freshDatabase("postgres");
      bank = await makeBank(handle.db);
    });
    afterAll(async () => {
      await Promise.all(procs.map(stop));
      await proxy?.close();
      agent.destroy();
      await handle?.close();
    });

    const charge = (verification = "pin_only") => ({ operation: "charge", bankCode: bank.code, walletId: "w-proc", verification, amountYen: 30_000 });

    it("obeys in the other process, within 1 s, a change made through one (and a change made over a third connection)", async () => {
      const [a, b] = await Promise.all([start(handle.url!), start(handle.url!)]);
      procs.push(a!, b!);
      expect(await post(a!.port, "/decide", charge())).toMatchObject({ decision: "allow" });
      expect(await post(b!.port, "/decide", charge())).toMatchObject({ decision: "allow" });

      // Through process A: lib/controls tighten() as the bank's operator.
      const [operator] = await handle.db
        .insert(users)
        .values({ orgId: bank.id, email: `operator-${bank.code}@bank.test`, displayName: "Operator", passwordHash: "x", roles: ["bank_operator"] })
        .returning({ id: users.id });
      const started = performance.now();
      const changed = await post(a!.port, "/tighten", { userId: operator!.id, bankCode: bank.code, control: "charges", toState: "suspended" });
      expect(changed).toMatchObject({ toState: "suspended" });
      const inB = await waitFor(async () => (await post(b!.port, "/decide", charge())).decision === "deny", 2_000, 5);
      const total = performance.now() - started;
      expect(inB, `process B obeyed after ${Math.round(inB)} ms`).toBeLessThan(1_000);
      expect(total, `tighten + propagation took ${Math.round(total)} ms`).toBeLessThan(1_000);
      expect(await post(b!.port, "/decide", charge())).toMatchObject({ decision: "deny", reason: "charges_suspended", controlVersion: changed.version });

      // Over a third connection (plain SQL as lib/controls writes it): both processes.
      const t0 = performance.now();
      await setControl(handle.db, bank.id, "registrations", "suspended");
      const link = { operation: "link", bankCode: bank.code, walletId: "w-proc", verification: "otp" };
      const [ta, tb] = await Promise.all(
        [a!, b!].map((p) => waitFor(async () => (await post(p.port, "/decide", link)).decision === "deny", 2_000, 5).then(() => performance.now() - t0)),
      );
      expect(Math.max(ta!, tb!), `obeyed after ${Math.round(ta!)} / ${Math.round(tb!)} ms`).toBeLessThan(1_000);
    });

    it("fails closed (controls_unavailable) after the grace period when the database is unreachable, and recovers with the changes made meanwhile", async () => {
      const url = new URL(handle.url!);
      proxy = new CuttableProxy({ host: url.hostname, port: Number(url.port || 5432) });
      await proxy.listen();
      url.host = `127.0.0.1:${proxy.port}`;
      const graceMs = 1_500;
      const p = await start(url.toString(), { LINKGUARD_CONTROLS_GRACE_MS: String(graceMs) });
      procs.push(p);
      await setControl(handle.db, bank.id, "charges", "open");
      await waitFor(async () => (await post(p.port, "/decide", charge())).decision === "allow", 2_000, 10);
      expect(await post(p.port, "/decide", charge())).toMatchObject({ decision: "allow" });

      const cutAt = performance.now();
      proxy.cut();
      // Within the grace period the last confirmed snapshot still answers.
      expect(await post(p.port, "/decide", charge())).toMatchObject({ decision: "allow" });
      const closedAfter = await waitFor(async () => (await post(p.port, "/decide", charge())).reason === "controls_unavailable", graceMs + 3_000, 20);
      expect(closedAfter, "failed closed").toBeLessThan(graceMs + 1_500);
      expect(performance.now() - cutAt).toBeGreaterThan(graceMs - 600);
      expect(await post(p.port, "/decide", charge("otp"))).toMatchObject({ decision: "deny", reason: "controls_unavailable" });

      // Meanwhile a change is made that the cut-off process could not hear about.
      await setControl(handle.db, bank.id, "charges", "strong_only");
      await new Promise((r) => setTimeout(r, 1_000));
      expect(await post(p.port, "/decide", charge("otp"))).toMatchObject({ reason: "controls_unavailable" });

      proxy.restore();
      const recovered = await waitFor(async () => (await post(p.port, "/decide", charge("otp"))).reason !== "controls_unavailable", 10_000, 20);
      expect(recovered, "recovered after the database came back").toBeLessThan(5_000);
      expect(await post(p.port, "/decide", charge("otp"))).toMatchObject({ decision: "allow", reason: "strong_verification_met" });
      expect(await post(p.port, "/decide", charge("pin_only"))).toMatchObject({ decision: "deny", reason: "strong_verification_required" });
    });
  });
}
