import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { SERVER_NODE_ARGS } from "../scripts/server-args.mjs";

/**
 * PostgreSQL's control file (global/pg_control) records how the database was left, at offset 16:
 * 1 (DB_SHUTDOWNED) after a clean shutdown, 6 (DB_IN_PRODUCTION) while it runs or after a crash,
 * from which the next start must recover.
 */
const controlState = (folder: string) => fs.readFileSync(path.join(folder, "global", "pg_control")).readUInt32LE(16);

test("the console's production server stopped with SIGTERM closes the embedded database cleanly and exits 0", async () => {
  test.setTimeout(240_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lg-lifecycle-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    LINKGUARD_DATA_DIR: dataDir,
    LINKGUARD_SEED_ON_EMPTY: "0",
    AUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
  };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [...SERVER_NODE_ARGS, path.join(import.meta.dirname, "..", "scripts", "server.mjs"), "-p", "0", "-H", "127.0.0.1"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  try {
    const base = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (d) => {
        output += d;
        const m = /ready on (http:\/\/\S+)/.exec(output);
        if (m) resolve(m[1]!);
      });
      void exited.then(() => reject(new Error(`the server exited before it was ready:\n${output}`)));
    });
    expect((await fetch(`${base}/api/health`)).status).toBe(200);
    const folder = path.join(dataDir, "pglite");
    expect(controlState(folder)).toBe(6);

    child.kill("SIGTERM");
    expect(await exited, output).toEqual({ code: 0, signal: null });
    expect(output).toContain('"msg":"stopped"');
    expect(controlState(folder)).toBe(1);
    expect(fs.existsSync(path.join(folder, "postmaster.pid"))).toBe(false);
    expect(fs.existsSync(`${folder}.lock`)).toBe(false);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
