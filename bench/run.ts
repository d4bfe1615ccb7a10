/**
 * npm run bench: the benchmarks of the decision API, the accounts list and event ingestion on
 * PostgreSQL with 1 million links and 10 million transactions.
 *
 *  1. the bench database (BENCH_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/linkguard_bench),
 *     seeded once with the demo seed at BENCH_SCALE (default 50) and kept between runs;
 *  2. a production build (built when sources are newer; BENCH_SKIP_BUILD=1 never builds);
 *  3. the production server (scripts/server.mjs) against it in its own process group on a free local port;
 *  4. the benches, each beside a baseline measured in the same run;
 *  5. one table on stdout and JSON in bench/results/ (gitignored); the server's group is killed.
 * Never fails on a timing: the exit code only says whether the benches could run.
 * BENCH_ONLY=decisions,events,rules,accounts,cases-file,cases-queue,analytics runs a subset;
 * BENCH_ONLY=analytics alone runs on the analytics bench's own generated database
 * (bench/support/analytics-data.ts).
 */
import fs from "node:fs";
import path from "node:path";
import { openDatabase, setDatabase } from "@/db";
import { DEMO_API_KEY } from "@/db/seed/staff";
import type { BenchContext, BenchRow } from "./support/context";
import { ensureAnalyticsDatabase } from "./support/analytics-data";
import { BENCH_AUTH_SECRET, ensureBenchDatabase } from "./support/database";
import { hasWrk, runLoad } from "./support/load";
import { ensureBuild, startServer, type Server } from "./support/server";
import { signInOverHttp } from "./support/session";

const RESULTS = path.join(process.cwd(), "bench", "results");
const only = process.env.BENCH_ONLY?.split(",").map((s) => s.trim());
const log = (line: string) => console.log(`[bench] ${line}`);

function fmt(v: number | null | undefined, unit = ""): string {
  if (v === null || v === undefined || Number.isNaN(v)) return "—";
  const n = Math.abs(v) >= 100 ? Math.round(v).toLocaleString("en") : v.toFixed(Math.abs(v) >= 10 ? 1 : 2);
  return unit ? `${n} ${unit}` : n;
}

function table(rows: BenchRow[]): string {
  const head = ["bench", "metric", "value", "baseline", "ratio", "target", "met?"];
  const body = rows.map((r) => [
    r.bench,
    r.metric,
    fmt(r.value, r.unit),
    fmt(r.baseline, r.unit),
    r.ratio !== undefined ? `${r.ratio.toFixed(2)}×` : r.value !== null && r.baseline ? `${(r.value / r.baseline).toFixed(2)}×` : "—",
    r.target ?? "—",
    r.met === undefined || r.met === null ? "—" : r.met ? "yes" : "NO",
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 2 && i <= 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ");
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
}

async function main(): Promise<void> {
  fs.mkdirSync(RESULTS, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  // The analytics bench alone runs on a database of its own, its large history generated set-based
  // (bench/support/analytics-data.ts: 10 million transactions in minutes, where the demo seed at
  // that scale takes far longer); with other benches it runs on the demo's bench database.
  const analyticsOnly = only?.length === 1 && only[0] === "analytics";
  const db = analyticsOnly ? await ensureAnalyticsDatabase(log) : await ensureBenchDatabase(log);
  await ensureBuild(log);
  // The analytics bench's raw aggregate over 10 million transactions runs for seconds: no statement timeout for it.
  const handle = await openDatabase({ url: db.url, poolSize: 4, ...(analyticsOnly ? { statementTimeoutMs: 0 } : {}) });
  setDatabase(handle);
  let server: Server | undefined;
  const rows: BenchRow[] = [];
  try {
    server = await startServer(
      { DATABASE_URL: db.url, AUTH_SECRET: BENCH_AUTH_SECRET, LINKGUARD_SEED_ON_EMPTY: "0" },
      path.join(RESULTS, `server-${stamp}.log`),
      log,
    );
    const cookies = new Map<string, Promise<string>>();
    const ctx: BenchContext = {
      baseUrl: server.baseUrl,
      serverPid: server.pid,
      databaseUrl: db.url,
      db: handle,
      apiKey: DEMO_API_KEY,
      load: runLoad,
      staffCookie: (email) => {
        if (!cookies.has(email)) cookies.set(email, signInOverHttp(server!.baseUrl, email));
        return cookies.get(email)!;
      },
      log,
    };
    log(`load generator: ${hasWrk() ? "wrk (1 thread)" : "Node (own process)"}`);

    const benches: [string, () => Promise<BenchRow[]>][] = [
      ["decisions", async () => (await import("./decisions")).benchDecisions(ctx)],
      [
        "accounts",
        async () => {
          const file = path.join(process.cwd(), "bench", "accounts.ts");
          if (!fs.existsSync(file)) return [{ bench: "accounts", metric: "—", value: null, unit: "", note: "bench/accounts.ts not present" }];
          const mod = (await import(file)) as { benchAccounts?: (c: BenchContext) => Promise<BenchRow[]> };
          if (typeof mod.benchAccounts !== "function") return [{ bench: "accounts", metric: "—", value: null, unit: "", note: "bench/accounts.ts exports no benchAccounts" }];
          return mod.benchAccounts(ctx);
        },
      ],
      ["events", async () => (await import("./events")).benchEvents(ctx)],
      ["rules", async () => (await import("./rules")).benchRules(ctx)],
      ["cases-file", async () => (await import("./cases-file")).benchCaseFile(ctx)],
      // Its own database of 100,000 cases (BENCH_QUEUE_DATABASE_URL), built the first time.
      ["cases-queue", async () => (await import("./cases-queue")).benchCasesQueue(log)],
      ["analytics", async () => (await import("./analytics")).benchAnalytics(ctx)],
    ];
    for (const [name, bench] of benches) {
      if (only && !only.includes(name)) continue;
      log(`── ${name}`);
      try {
        rows.push(...(await bench()));
      } catch (e) {
        log(`${name} failed: ${(e as Error).stack ?? e}`);
        rows.push({ bench: name, metric: "failed", value: null, unit: "", note: (e as Error).message });
      }
    }
  } finally {
    await server?.stop();
    await handle.close();
  }

  console.log(`\n${table(rows)}\n`);
  for (const r of rows.filter((x) => x.note)) console.log(`  ${r.bench} / ${r.metric}: ${r.note}`);
  const file = path.join(RESULTS, `bench-${stamp}.json`);
  fs.writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), database: db.url, scale: analyticsOnly ? null : (process.env.BENCH_SCALE ?? 50), loadGenerator: hasWrk() ? "wrk" : "node", rows }, null, 2));
  log(`results: ${path.relative(process.cwd(), file)}`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(`[bench] could not run: ${(e as Error).stack ?? e}`);
    process.exit(1);
  },
);
