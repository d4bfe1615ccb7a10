#!/usr/bin/env node
// npm start: build if needed, keep an AUTH_SECRET in ./data, then serve the production build with
// the production server (scripts/server.mjs: Next, plus the decision API's fast path).
// Migrations and the demo seed of an empty embedded database run as the server starts (instrumentation.ts).
import { spawnSync, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { SERVER_NODE_ARGS } from "./server-args.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
process.chdir(root);
const dataDir = path.resolve(process.env.LINKGUARD_DATA_DIR ?? "data");
fs.mkdirSync(dataDir, { recursive: true });

if (!process.env.AUTH_SECRET) {
  const file = path.join(dataDir, "auth-secret");
  if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.randomBytes(32).toString("base64url"), { mode: 0o600 });
  process.env.AUTH_SECRET = fs.readFileSync(file, "utf8").trim();
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (["node_modules", ".next", "dist", "data", ".git", "e2e", "test-results", "playwright-report"].includes(entry.name)) continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

const buildId = path.join(root, ".next", "BUILD_ID");
const stale = !fs.existsSync(buildId) || fs.statSync(buildId).mtimeMs < newestMtime(root);
if (stale || process.env.LINKGUARD_REBUILD === "1") {
  console.log("Building the console (first start or changed sources)…");
  const r = spawnSync("npm", ["run", "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const port = process.env.PORT ?? "3000";
console.log(`Linkguard on http://localhost:${port} (${process.env.DATABASE_URL ? "PostgreSQL" : `embedded database in ${dataDir}`})`);
const child = spawn(process.execPath, [...SERVER_NODE_ARGS, path.join(root, "scripts", "server.mjs"), "-p", port], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
