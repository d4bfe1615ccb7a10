import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { afterAll, describe, expect, it } from "vitest";
import { freshDatabase, POSTGRES_URL } from "@/tests/support/db";

/**
 * SIGTERM and SIGINT stop a server gracefully (scripts/server-lifecycle.mjs, used by the console's
 * server and the wallet platform's API server): requests in flight finish, then the database is
 * closed, then the process exits 0.
 *
 * What proves PGlite was closed: PostgreSQL's control file (global/pg_control) records the state the
 * database was left in, the field after the system identifier and two version numbers (offset 16):
 * 1 (DB_SHUTDOWNED) after a shutdown checkpoint, 6 (DB_IN_PRODUCTION) while it runs and after a
 * crash, from which the next start recovers. A closed PGlite also leaves no postmaster.pid.
 */
const DB_SHUTDOWNED = 1;
const DB_IN_PRODUCTION = 6;

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

interface Server {
  child: ChildProcess;
  base: string;
  output: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startServer(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions", "react-server", "tests/support/stopping-server.ts"], {
    cwd: process.cwd(),
    env: { NODE_ENV: "production", PATH: process.env.PATH, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  readline.createInterface({ input: child.stderr! }).on("line", (l) => output.push(l));
  return new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).on("line", (l) => {
      output.push(l);
      const m = /ready on (http:\/\/\S+)/.exec(l);
      if (m) resolve({ child, base: m[1]!, output, exited });
    });
    void exited.then((e) => reject(new Error(`the server exited (${e.code ?? e.signal}) before it was ready:\n${output.join("\n")}`)));
  });
}

function controlState(folder: string): number {
  return fs.readFileSync(path.join(folder, "global", "pg_control")).readUInt32LE(16);
}

async function visits(base: string, ms = 0): Promise<number> {
  const res = await fetch(`${base}/?ms=${ms}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { n: number }).n;
}

describe("a graceful stop closes the database after the requests in flight", () => {
  it("on the embedded database, SIGTERM lets a request in flight finish, closes PGlite (pg_control: shut down, no postmaster.pid, lock released) and exits 0; a SIGKILL leaves it to crash recovery", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lg-stop-"));
    dirs.push(dataDir);
    const folder = path.join(dataDir, "pglite");
    const env = { LINKGUARD_DATA_DIR: dataDir };

    const first = await startServer(env);
    expect(await visits(first.base)).toBe(1);
    expect(controlState(folder)).toBe(DB_IN_PRODUCTION);
    const inFlight = visits(first.base, 1_500);
    await new Promise((r) => setTimeout(r, 300));
    first.child.kill("SIGTERM");
    // The request that was running when the signal came is answered, and its write is kept.
    expect(await inFlight).toBe(2);
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(first.output.join("\n")).toContain('"msg":"stopped"');
    expect(controlState(folder)).toBe(DB_SHUTDOWNED);
    expect(fs.existsSync(path.join(folder, "postmaster.pid"))).toBe(false);
    expect(fs.existsSync(`${folder}.lock`)).toBe(false);

    // The next start finds a database shut down cleanly, with every row; SIGINT (Ctrl-C) stops it the same way.
    const second = await startServer(env);
    expect(await visits(second.base)).toBe(3);
    second.child.kill("SIGINT");
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(controlState(folder)).toBe(DB_SHUTDOWNED);

    // The observable tells the two apart: a process killed outright leaves the database "in production".
    const third = await startServer(env);
    expect(await visits(third.base)).toBe(4);
    third.child.kill("SIGKILL");
    await third.exited;
    expect(controlState(folder)).toBe(DB_IN_PRODUCTION);
    expect(fs.existsSync(path.join(folder, "postmaster.pid"))).toBe(true);
  }, 300_000);

  it.runIf(POSTGRES_URL)("on PostgreSQL, SIGTERM lets a request in flight finish, ends the pool and exits 0", async () => {
    const db = await freshDatabase("postgres");
    try {
      const server = await startServer({ DATABASE_URL: db.url!, PGAPPNAME: "lg-graceful-stop" });
      expect(await visits(server.base)).toBe(1);
      const inFlight = visits(server.base, 1_500);
      await new Promise((r) => setTimeout(r, 300));
      server.child.kill("SIGTERM");
      expect(await inFlight).toBe(2);
      expect(await server.exited).toEqual({ code: 0, signal: null });
      expect(server.output.join("\n")).toContain('"msg":"stopped"');
    } finally {
      await db.close();
    }
  }, 120_000);
});
