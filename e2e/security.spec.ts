import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { storageStateOf } from "./support/staff";

test("the production server refuses to start without AUTH_SECRET, and says why", async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lg-nosecret-"));
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", LINKGUARD_DATA_DIR: dataDir, LINKGUARD_SEED_ON_EMPTY: "0" };
  delete env.AUTH_SECRET;
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [path.join(import.meta.dirname, "..", "scripts", "server.mjs"), "-p", "3299"], { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  try {
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => resolve(null), 45_000);
      child.on("exit", (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(code, output).not.toBe(0);
    expect(code, "the server is still running without AUTH_SECRET").not.toBeNull();
    expect(output).toContain("AUTH_SECRET is not set");
  } finally {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      /* already gone */
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test("a signed-in change from a foreign origin is refused, and the denial is in the audit trail", async ({ browser, baseURL }) => {
  const admin = await browser.newContext({ storageState: storageStateOf("admin@carrier.demo") });
  const email = `forged-${Date.now()}@carrier.demo`;
  const forged = await admin.request.post("/api/v1/admin/users", {
    headers: { origin: "https://evil.example", "content-type": "application/json" },
    data: { email, displayName: "Forged", roles: ["admin"] },
  });
  expect(forged.status()).toBe(403);
  expect(forged.headers()["content-type"]).toContain("application/problem+json");
  const list = await admin.request.get("/api/v1/admin/users?limit=200");
  expect(JSON.stringify(await list.json())).not.toContain(email);
  await admin.close();

  const auditor = await browser.newContext({ storageState: storageStateOf("auditor@carrier.demo") });
  const audit = await auditor.request.get(`${baseURL}/api/v1/audit?action=access.denied`);
  expect(audit.status()).toBe(200);
  const body = (await audit.json()) as { items: { action: string; entityId: string | null; actorLabel?: string }[] };
  expect(body.items.some((e) => e.action === "access.denied" && e.entityId === "POST /api/v1/admin/users")).toBe(true);
  await auditor.close();
});
