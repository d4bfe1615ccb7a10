import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { onCpus } from "./cpus";

export interface LoadOptions {
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  durationS: number;
  /** Seconds of the same load before measuring (JIT, pools, caches). */
  warmupS?: number;
  /** Cores the load generator runs on (taskset -c), e.g. "0"; anywhere when unset. */
  cpu?: string;
  /** Requests per second in an open loop (the Node generator; latency counted from when each was due); unset: closed loop. */
  rate?: number;
}

export interface LoadResult {
  tool: "wrk" | "node";
  requests: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  /** Responses outside 2xx, plus socket errors and time-outs. */
  errors: number;
}

let wrkAvailable: boolean | undefined;
export function hasWrk(): boolean {
  if (process.env.BENCH_LOADGEN === "node") return false;
  wrkAvailable ??= spawnSync("wrk", ["--version"], { stdio: "ignore" }).error === undefined;
  return wrkAvailable;
}

function run(cmd: string, args: string[], cpu?: string): Promise<string> {
  const [file, ...rest] = [...onCpus(cpu), cmd, ...args] as [string, ...string[]];
  return new Promise((resolve, reject) => {
    const child = spawn(file, rest, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} exited with ${code}: ${err || out}`))));
  });
}

const lua = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;

async function wrk(opts: LoadOptions, durationS: number): Promise<LoadResult> {
  const script = path.join(os.tmpdir(), `linkguard-wrk-${process.pid}-${Date.now()}.lua`);
  const lines = [`wrk.method = ${lua(opts.method ?? "GET")}`];
  if (opts.body !== undefined) lines.push(`wrk.body = ${lua(opts.body)}`);
  for (const [k, v] of Object.entries(opts.headers ?? {})) lines.push(`wrk.headers[${lua(k)}] = ${lua(v)}`);
  lines.push(
    "done = function(summary, latency, requests)",
    '  local e = summary.errors',
    '  io.write(string.format("WRKJSON {\\"requests\\":%d,\\"duration_us\\":%d,\\"p50\\":%d,\\"p90\\":%d,\\"p99\\":%d,\\"errors\\":%d}\\n",',
    "    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),",
    "    e.connect + e.read + e.write + e.status + e.timeout))",
    "end",
  );
  fs.writeFileSync(script, lines.join("\n"));
  try {
    // One wrk thread: the machine has two cores and the server needs one of them.
    const out = await run("wrk", ["-t1", `-c${opts.connections}`, `-d${durationS}s`, "--timeout", "5s", "-s", script, opts.url], opts.cpu);
    const m = /WRKJSON (\{.*\})/.exec(out);
    if (!m) throw new Error(`unexpected wrk output: ${out}`);
    const r = JSON.parse(m[1]!) as { requests: number; duration_us: number; p50: number; p90: number; p99: number; errors: number };
    const seconds = r.duration_us / 1e6;
    return { tool: "wrk", requests: r.requests, seconds, rps: r.requests / seconds, p50Ms: r.p50 / 1000, p90Ms: r.p90 / 1000, p99Ms: r.p99 / 1000, errors: r.errors };
  } finally {
    fs.rmSync(script, { force: true });
  }
}

async function node(opts: LoadOptions, durationS: number): Promise<LoadResult> {
  const tsx = path.join(process.cwd(), "node_modules/.bin/tsx");
  const out = await run(tsx, [path.join(process.cwd(), "bench/support/loadgen.ts"), JSON.stringify({ ...opts, durationS })], opts.cpu);
  return { tool: "node", ...(JSON.parse(out.trim().split("\n").pop()!) as Omit<LoadResult, "tool">) };
}

/** `connections` keep-alive connections: a closed loop (wrk when installed), or an open loop at `rate` (bench/support/loadgen.ts). */
export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const gen = hasWrk() && !opts.rate ? wrk : node;
  if (opts.warmupS) await gen(opts, opts.warmupS);
  return gen(opts, opts.durationS);
}
