import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { SERVER_NODE_ARGS } from "../scripts/server-args.mjs";
import { SERVER_LOG, STATE_DIR, STATE_FILE, TOTP_DIR, baseURL, e2ePort, type ServerState } from "./support/server";

const ROOT = path.resolve(import.meta.dirname, "..");
const READY_TIMEOUT_MS = Number(process.env.LINKGUARD_E2E_READY_TIMEOUT_MS ?? 300_000);

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

function tail(file: string, lines = 40): string {
  try {
    return fs.readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no server log)";
  }
}

/**
 * Starts the production server (scripts/server.mjs, from the last `next build`) on a fresh embedded
 * database in a new temporary folder; the demo data is seeded as it starts. Its own process group,
 * so teardown can stop npx, next and every child at once.
 */
export default async function globalSetup(): Promise<void> {
  if (!fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
    throw new Error("No production build: run `npx next build` before `npx playwright test`.");
  }
  const port = e2ePort();
  if (!(await portIsFree(port))) {
    throw new Error(`Port ${port} is in use (a server from an earlier run?). Stop it, or set LINKGUARD_E2E_PORT to a free port.`);
  }
  fs.mkdirSync(STATE_DIR, { recursive: true });
  // A fresh database: no one-time code has been used yet.
  fs.rmSync(TOTP_DIR, { recursive: true, force: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "linkguard-e2e-"));
  const logFd = fs.openSync(SERVER_LOG, "w");

  const env: NodeJS.ProcessEnv = { ...process.env };
  // Always a fresh embedded database, whatever the shell points at.
  delete env.DATABASE_URL;
  delete env.TEST_DATABASE_URL;
  Object.assign(env, {
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    LINKGUARD_DATA_DIR: dataDir,
    AUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
    LINKGUARD_SEED_SCALE: process.env.LINKGUARD_E2E_SEED_SCALE ?? "0.05",
    LINKGUARD_SEED_ON_EMPTY: "1",
    // The browser reaches the server from 127.0.0.1, trusted as a proxy: a test sets X-Forwarded-For
    // per context to sign in from an address of its own; without the header the client is 127.0.0.1.
    LINKGUARD_TRUSTED_PROXIES: "127.0.0.1",
  });

  const child = spawn(process.execPath, [...SERVER_NODE_ARGS, path.join(ROOT, "scripts", "server.mjs"), "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ["ignore", logFd, logFd],
  });
  fs.closeSync(logFd);
  let exited: number | null = null;
  child.once("exit", (code) => (exited = code ?? -1));
  child.unref();
  const state: ServerState = { baseURL: baseURL(), pid: child.pid!, dataDir };
  fs.writeFileSync(STATE_FILE, JSON.stringify(state, null, 2));

  try {
    await waitUntilReady(state, () => exited);
  } catch (e) {
    try {
      process.kill(-state.pid, "SIGKILL");
    } catch {
      // already gone
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
}

async function waitUntilReady(state: ServerState, exitCode: () => number | null): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < READY_TIMEOUT_MS) {
    const exited = exitCode();
    if (exited !== null) throw new Error(`The server exited (code ${exited}) before it was ready. Log ${SERVER_LOG}:\n${tail(SERVER_LOG)}`);
    try {
      const res = await fetch(`${state.baseURL}/api/health`, { signal: AbortSignal.timeout(5_000) });
      if (res.status === 200) {
        console.log(`[e2e] server ready on ${state.baseURL} in ${((Date.now() - started) / 1000).toFixed(1)} s (pid ${state.pid}, data ${state.dataDir})`);
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`The server did not answer /api/health with 200 within ${READY_TIMEOUT_MS / 1000} s. Log ${SERVER_LOG}:\n${tail(SERVER_LOG)}`);
}
