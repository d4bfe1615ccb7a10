import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import readline from "node:readline";
import { bundleServer } from "../../scripts/bundle.mjs";
import { SERVER_NODE_ARGS } from "../../scripts/server-args.mjs";
import { onCpus } from "./cpus";

/** The newest modification time under the app's sources (what a build depends on). */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (["node_modules", ".next", "dist", "data", ".git", "e2e", "tests", "test-results", "playwright-report", "bench", "scripts"].includes(entry.name)) continue;
    if (entry.name.startsWith(".")) continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Builds the console when there is no build or a source is newer than it (BENCH_SKIP_BUILD=1 never
 * builds), and bundles the API server (a second, always: it takes a second).
 */
export async function ensureBuild(log: (line: string) => void): Promise<void> {
  buildConsole(log);
  await bundleServer("scripts/api-server.ts", path.join(process.cwd(), "dist", "api-server"));
}

function buildConsole(log: (line: string) => void): void {
  const buildId = path.join(process.cwd(), ".next", "BUILD_ID");
  const stale = !fs.existsSync(buildId) || fs.statSync(buildId).mtimeMs < newestSource(process.cwd());
  if (!stale) return log("build: up to date");
  if (process.env.BENCH_SKIP_BUILD === "1") {
    if (!fs.existsSync(buildId)) throw new Error("no build in .next and BENCH_SKIP_BUILD=1");
    return log("build: sources are newer than the build, but BENCH_SKIP_BUILD=1: using it");
  }
  log("build: next build (sources changed since the last build)…");
  const r = spawnSync(path.join(process.cwd(), "node_modules/.bin/next"), ["build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (r.status !== 0) throw new Error(`next build failed (${r.status})`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Server {
  baseUrl: string;
  pid: number;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** The console's production server (scripts/server.mjs, the default) or the wallet platform's API server (dist/api-server). */
  kind?: "console" | "api";
  /** Cores to run on (taskset -c). */
  cpu?: string;
}

const ENTRY = { console: ["scripts", "server.mjs"], api: ["dist", "api-server", "server.mjs"] } as const;

/**
 * A production server in its own process group (setsid), so the whole group is killed at the end
 * whatever happens. Its log goes to `logFile`.
 */
export async function startServer(env: Record<string, string>, logFile: string, log: (line: string) => void, opts: StartOptions = {}): Promise<Server> {
  const port = await freePort();
  const out = fs.openSync(logFile, "w");
  const entry = path.join(process.cwd(), ...ENTRY[opts.kind ?? "console"]);
  const child: ChildProcess = spawn("setsid", [...onCpus(opts.cpu), process.execPath, ...SERVER_NODE_ARGS, entry, "-p", String(port), "-H", "127.0.0.1"], {
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: ["ignore", out, out],
    detached: false,
  });
  const pid = child.pid!;
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    for (const [signal, wait] of [["SIGTERM", 5_000], ["SIGKILL", 2_000]] as const) {
      try {
        process.kill(-pid, signal);
      } catch {
        return;
      }
      const deadline = Date.now() + wait;
      while (Date.now() < deadline) {
        try {
          process.kill(-pid, 0);
        } catch {
          return;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  const killGroup = () => {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      /* gone */
    }
  };
  process.once("exit", killGroup);
  process.once("SIGINT", () => {
    killGroup();
    process.exit(130);
  });
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}); see ${logFile}`);
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() - started > 180_000) {
      await stop();
      throw new Error(`the server did not become healthy in 180 s; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  log(`${opts.kind ?? "console"} server: ${baseUrl} (pid group ${pid}${opts.cpu ? `, core ${opts.cpu}` : ""}) ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { baseUrl, pid, stop };
}

/**
 * Starts a bench helper server: `script` bundled by scripts/bundle.mjs as the API server is (so the
 * two are compiled alike) and run with node; it prints {"port": n} on its first line.
 * In a session of its own (setsid), as startServer starts the servers it is compared with: with
 * autogroup on (Linux's default, and this machine's), a core is shared between sessions before it
 * is shared between their processes. Left in the bench's session, beside the load generators, the
 * floor took 43–89% of the core it shared with the API server from one round to the next, where an
 * even split was meant (measured 2026-12-01).
 */
export async function startHelper(script: string, args: string[], opts: { cpu?: string; env?: Record<string, string> } = {}): Promise<{ port: number; pid: number; stop(): Promise<void> }> {
  const entry = await bundleServer(script, path.join(process.cwd(), "dist", `bench-${path.basename(script, ".ts")}`));
  const child = spawn("setsid", [...onCpus(opts.cpu), process.execPath, entry, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, ...opts.env },
  });
  // Outside the bench's process group, so not stopped with it: killed when the bench exits.
  const kill = () => child.kill("SIGKILL");
  process.once("exit", kill);
  const port = await new Promise<number>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).once("line", (l) => resolve((JSON.parse(l) as { port: number }).port));
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return {
    port,
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode !== null) return;
      const gone = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([gone, new Promise((r) => setTimeout(r, 3_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}
