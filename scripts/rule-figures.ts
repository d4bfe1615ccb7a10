import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import pg from "pg";
import { openDatabase, type DatabaseHandle } from "@/db";
import { migrateDatabase } from "@/db/migrate";
import { seedDemo } from "@/db/seed";
import { INCIDENT_REFERENCE } from "@/db/seed/cases";
import { queryRows } from "@/lib/accounts/rows";
import { ensureAuthSecret } from "@/lib/config/secret";
import { DEFAULT_RULE_PARAMS, RULE_CODES } from "@/lib/rules/constants";
import { detect } from "@/lib/rules/detect";

/**
 * npm run rules:figures [-- --scale 1]: the README's table of the detection rules on the demo data.
 * Seeds the demo (deterministic: a fixed present) into a throw-away PostgreSQL database (on the
 * server of TEST_DATABASE_URL or 127.0.0.1), or into in-memory PGlite with --pglite, and runs each
 * rule's dry-run query (lib/rules/detect.ts, the one the dry run and the ingestion run) over the
 * whole history with its default parameters: how many of the story's 120 fraud links (the cases of
 * INC-2020-001) it flags, and how many other links.
 */
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

ensureAuthSecret();
const scale = Number(arg("scale") ?? 1);
const NOW = new Date("2026-12-07T00:00:00Z");

async function throwaway(): Promise<DatabaseHandle> {
  if (process.argv.includes("--pglite")) return openDatabase({ dataDir: "memory" });
  const base = process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
  const name = `lg_rule_figures_${crypto.randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString(), statementTimeoutMs: 0 });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const a = new pg.Client({ connectionString: base });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

const handle = await throwaway();
try {
  await migrateDatabase(handle);
  const seeded = Date.now();
  await seedDemo(handle, { scale, now: NOW });
  console.error(`seeded (${handle.driver}, scale ${scale}) in ${((Date.now() - seeded) / 1000).toFixed(1)} s`);
  const db = handle.db;
  const story = new Set(
    (
      await queryRows<{ id: string }>(
        db,
        sql`select c.linked_account_id::text as id from cases c join incidents i on i.id = c.incident_id where i.reference = ${INCIDENT_REFERENCE} and c.outcome = 'confirmed_fraud'`,
      )
    ).map((r) => r.id),
  );
  const [links] = await queryRows<{ n: string | number }>(db, sql`select count(*) as n from linked_accounts`);
  const ordinaryTotal = Number(links?.n ?? 0) - story.size;
  const rows: string[] = [];
  for (const code of RULE_CODES) {
    const started = Date.now();
    const matches = await detect(db, code, DEFAULT_RULE_PARAMS[code] as never, { kind: "history", from: null, to: null });
    const flagged = new Set(matches.map((m) => m.linkId));
    const caught = [...flagged].filter((id) => story.has(id)).length;
    const ordinary = flagged.size - caught;
    const p = DEFAULT_RULE_PARAMS[code] as unknown as Record<string, unknown>;
    const params = Object.entries(p)
      .map(([k, v]) => `${k} ${Array.isArray(v) ? v.join("+") : v}`)
      .join(", ");
    rows.push(`| \`${code}\` | ${params} | ${caught} of ${story.size} | ${ordinary.toLocaleString("en")} of ${ordinaryTotal.toLocaleString("en")} | ${((Date.now() - started) / 1000).toFixed(1)} s |`);
  }
  console.log(`| rule | default parameters | fraud cases caught | ordinary links flagged | dry run (${handle.driver}) |`);
  console.log("| --- | --- | --- | --- | --- |");
  for (const r of rows) console.log(r);
} finally {
  await handle.close();
}
