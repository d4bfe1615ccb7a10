import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase } from "@/db";
import { auditLog } from "@/db/schema";
import { migrateDatabase } from "@/db/migrate";
import { recordAudit } from "@/lib/audit/write";
import { testAction, TEST_ENTITY } from "./support";

const run = promisify(execFile);

/** npm run audit:verify, as an operator runs it, against the PGlite folder under `dataDir`. */
async function auditVerify(dataDir: string, databaseUrl = ""): Promise<{ code: number; stdout: string }> {
  const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
  try {
    const { stdout } = await run(tsx, ["--conditions", "react-server", "scripts/audit-verify.ts"], {
      env: { ...process.env, LINKGUARD_DATA_DIR: dataDir, DATABASE_URL: databaseUrl },
      timeout: 150_000,
    });
    return { code: 0, stdout };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? -1, stdout: `${err.stdout ?? ""}${err.stderr ?? ""}` };
  }
}

describe("npm run audit:verify", () => {
  it("npm run audit:verify exits 0 on an intact on-disk database and 1 naming the entry once a row is tampered with", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lg-audit-verify-"));
    try {
      const h = await openDatabase({ dataDir: path.join(dataDir, "pglite") });
      let victim: number;
      try {
        await migrateDatabase(h);
        for (let i = 0; i < 5; i++) {
          await recordAudit(h.db, { label: "ops@carrier.test", request: { requestId: `r${i}`, ip: null } }, { action: testAction("test.wrote"), entityType: TEST_ENTITY, after: { i } });
        }
        const rows = await h.db.select({ seq: auditLog.seq }).from(auditLog).orderBy(auditLog.seq);
        victim = rows[2]!.seq;
      } finally {
        await h.close();
      }

      const intact = await auditVerify(dataDir);
      expect(intact.stdout).toContain("audit chain intact: 5 entries");
      expect(intact.code).toBe(0);

      const t = await openDatabase({ dataDir: path.join(dataDir, "pglite") });
      try {
        await t.db.transaction(async (tx) => {
          await tx.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
          await tx.execute(sql`update audit_log set after = '{"i": 99}'::jsonb where seq = ${victim}`);
          await tx.execute(sql`alter table audit_log enable trigger audit_log_no_update`);
        });
      } finally {
        await t.close();
      }

      const broken = await auditVerify(dataDir);
      expect(broken.stdout).toContain(`audit chain BROKEN at entry #${victim}: content_changed`);
      expect(broken.code).toBe(1);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    // Two processes start, open PGlite and walk the chain: slow on a busy machine.
  }, 320_000);

  it("npm run audit:verify exits 2 (could not check), not 1 (broken), when another process holds the embedded database", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lg-audit-verify-"));
    try {
      fs.mkdirSync(path.join(dataDir, "pglite"));
      // This test process (alive) holds the folder, as a running server would.
      fs.writeFileSync(path.join(dataDir, "pglite.lock"), JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString(), cmd: "vitest" }));
      const held = await auditVerify(dataDir);
      expect(held.stdout).toContain("audit chain could not be verified");
      expect(held.stdout).toContain(`pid ${process.pid}`);
      expect(held.code).toBe(2);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it("npm run audit:verify exits 2 (could not check) when the embedded database folder is not a database", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lg-audit-verify-"));
    try {
      fs.mkdirSync(path.join(dataDir, "pglite"));
      fs.writeFileSync(path.join(dataDir, "pglite", "PG_VERSION"), "17\n");
      const broken = await auditVerify(dataDir);
      expect(broken.stdout).toContain("audit chain could not be verified");
      expect(broken.stdout).not.toContain("BROKEN");
      expect(broken.code).toBe(2);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it("npm run audit:verify exits 2 (could not check) when PostgreSQL refuses the connection", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lg-audit-verify-"));
    try {
      // Port 1: nothing listens there, the connection is refused at once.
      const refused = await auditVerify(dataDir, "postgresql://postgres@127.0.0.1:1/postgres");
      expect(refused.stdout).toContain("audit chain could not be verified");
      expect(refused.code).toBe(2);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
