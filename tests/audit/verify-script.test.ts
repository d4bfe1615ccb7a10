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

const run = promisify(execFile);

/** npm run audit:verify, as an operator runs it, against the PGlite folder under `dataDir`. */
async function auditVerify(dataDir: string): Promise<{ code: number; stdout: string }> {
  const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
  try {
    const { stdout } = await run(tsx, ["--conditions", "react-server", "scripts/audit-verify.ts"], {
      env: { ...process.env, LINKGUARD_DATA_DIR: dataDir, DATABASE_URL: "" },
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
          await recordAudit(h.db, { label: "ops@carrier.test", request: { requestId: `r${i}`, ip: null } }, { action: "test.wrote", entityType: "thing", after: { i } });
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
});
