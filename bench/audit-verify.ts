/**
 * How long the audit chain verification takes, and whether its memory stays flat.
 *   npx tsx --conditions react-server bench/audit-verify.ts [pglite|postgres] [rows]
 * PostgreSQL: a throw-away database on TEST_DATABASE_URL (default the local server), dropped after.
 * Prints a table; never fails on a timing.
 */
import crypto from "node:crypto";
import pg from "pg";
import { openDatabase } from "@/db";
import { migrateDatabase } from "@/db/migrate";
import { auditLog } from "@/db/schema";
import { entryHash, GENESIS_HASH, jsonSafe } from "@/lib/audit/chain";
import { verifyChain } from "@/lib/audit/verify";

const kind = process.argv[2] === "postgres" ? "postgres" : "pglite";
const rows = Number(process.argv[3] ?? 100_000);
const server = process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";

async function admin(q: string) {
  const c = new pg.Client({ connectionString: server });
  await c.connect();
  try {
    await c.query(q);
  } finally {
    await c.end();
  }
}

let url: string | undefined;
const name = `lg_bench_${crypto.randomBytes(4).toString("hex")}`;
if (kind === "postgres") {
  await admin(`create database ${name}`);
  const u = new URL(server);
  u.pathname = `/${name}`;
  url = u.toString();
}
const h = await openDatabase(url ? { url } : { dataDir: "memory" });
try {
  await migrateDatabase(h);
  // A valid chain written in bulk (writeAudit's one-at-a-time lock would only slow the set-up).
  let prev = GENESIS_HASH;
  const base = Date.parse("2020-09-14T00:00:00Z");
  const t0 = performance.now();
  for (let i = 0; i < rows; i += 2_000) {
    const batch = [];
    for (let j = i; j < Math.min(rows, i + 2_000); j++) {
      const c = {
        at: new Date(base + j * 1_000),
        actorUserId: crypto.randomUUID(),
        actorApiKeyId: null,
        actorLabel: `investigator${j % 50}@carrier.demo`,
        orgId: crypto.randomUUID(),
        bankId: j % 3 ? crypto.randomUUID() : null,
        action: "controls.suspended",
        entityType: "bank_control",
        entityId: String(j),
        before: jsonSafe({ state: "open", revision: j }),
        after: jsonSafe({ state: "suspended", reason: "不正利用の疑い（口座連携）", revision: j + 1 }),
        requestId: crypto.randomUUID(),
        ip: "192.0.2.1",
        prevHash: prev,
      };
      prev = entryHash(c);
      batch.push({ ...c, hash: prev });
    }
    await h.db.insert(auditLog).values(batch);
  }
  const t1 = performance.now();
  let peakHeap = 0;
  const r = await verifyChain(h.db, { onProgress: () => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)) });
  const t2 = performance.now();
  const s = (t2 - t1) / 1_000;
  console.table([
    {
      driver: kind,
      rows,
      "write s": +((t1 - t0) / 1_000).toFixed(1),
      intact: r.ok,
      checked: r.checked,
      "verify s": +s.toFixed(2),
      "rows/s": Math.round(r.checked / s),
      "peak heap MB": Math.round(peakHeap / 1e6),
    },
  ]);
} finally {
  await h.close();
  if (kind === "postgres") await admin(`drop database if exists ${name} with (force)`);
}
