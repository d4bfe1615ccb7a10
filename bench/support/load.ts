import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { onCpus } from "./cpus";

export interface LoadOptions {
  url: string;
  /** Paths on the url's server to cycle through, one request each in turn (closed loop only); unset: the url's own. */
  paths?: string[];
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  durationS: number;
  /** Seconds of the same load before measuring (JIT, pools, caches). */
  warmupS?: number;
  /** Cores the load generator runs on (taskset -c), e.g. "0"; anywhere when unset. */
  cpu?: string;
  /** Requests per second in an open loop (bench/support/openloop.c; latency counted from when each was due); unset: closed loop. */
  rate?: number;
}

export interface LoadResult {
  tool: "wrk" | "node" | "openloop";
  requests: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p90Ms: number;
  /** Closed loop only (wrk, Node). */
  p95Ms?: number;
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
  if (opts.paths?.length) {
    lines.push(`local paths = { ${opts.paths.map(lua).join(", ")} }`, "local at = 0");
    lines.push("request = function()", "  at = at % #paths + 1", "  return wrk.format(nil, paths[at])", "end");
  }
  lines.push(
    "done = function(summary, latency, requests)",
    '  local e = summary.errors',
    '  io.write(string.format("WRKJSON {\\"requests\\":%d,\\"duration_us\\":%d,\\"p50\\":%d,\\"p90\\":%d,\\"p95\\":%d,\\"p99\\":%d,\\"errors\\":%d}\\n",',
    "    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(95), latency:percentile(99),",
    "    e.connect + e.read + e.write + e.status + e.timeout))",
    "end",
  );
  fs.writeFileSync(script, lines.join("\n"));
  try {
    // One wrk thread: the machine has two cores and the server needs one of them.
    const out = await run("wrk", ["-t1", `-c${opts.connections}`, `-d${durationS}s`, "--timeout", "5s", "-s", script, opts.url], opts.cpu);
    const m = /WRKJSON (\{.*\})/.exec(out);
    if (!m) throw new Error(`unexpected wrk output: ${out}`);
    const r = JSON.parse(m[1]!) as { requests: number; duration_us: number; p50: number; p90: number; p95: number; p99: number; errors: number };
    const seconds = r.duration_us / 1e6;
    return { tool: "wrk", requests: r.requests, seconds, rps: r.requests / seconds, p50Ms: r.p50 / 1000, p90Ms: r.p90 / 1000, p95Ms: r.p95 / 1000, p99Ms: r.p99 / 1000, errors: r.errors };
  } finally {
    fs.rmSync(script, { force: true });
  }
}

async function node(opts: LoadOptions, durationS: number): Promise<LoadResult> {
  const tsx = path.join(process.cwd(), "node_modules/.bin/tsx");
  const out = await run(tsx, [path.join(process.cwd(), "bench/support/loadgen.ts"), JSON.stringify({ ...opts, durationS })], opts.cpu);
  return { tool: "node", ...(JSON.parse(out.trim().split("\n").pop()!) as Omit<LoadResult, "tool">) };
}

const OPENLOOP_SOURCE = path.join(process.cwd(), "bench", "support", "openloop.c");
const OPENLOOP_BINARY = path.join(process.cwd(), "bench", "results", ".bin", "openloop");
let openloopBuilt: string | null | undefined;

/**
 * The open-loop generator, compiled once with the machine's C compiler (cc, else gcc) when its
 * source is newer than the binary: in C, because a generator with a garbage collector charges its
 * own pauses to the server (the Node one did: it measured the API server's p99 at 18–25 ms at
 * 10,000 req/s, where this one measures 2–5 ms).
 * Null, with the reason logged once, where there is no compiler.
 */
export function openloopBinary(): string | null {
  if (openloopBuilt !== undefined) return openloopBuilt;
  const fresh = fs.existsSync(OPENLOOP_BINARY) && fs.statSync(OPENLOOP_BINARY).mtimeMs >= fs.statSync(OPENLOOP_SOURCE).mtimeMs;
  if (!fresh) {
    fs.mkdirSync(path.dirname(OPENLOOP_BINARY), { recursive: true });
    const built = ["cc", "gcc"].some((cc) => spawnSync(cc, ["-O2", "-o", OPENLOOP_BINARY, OPENLOOP_SOURCE], { stdio: "inherit" }).status === 0);
    if (!built) console.log("[bench] no C compiler (cc or gcc): the open-loop latency is not measured");
    openloopBuilt = built ? OPENLOOP_BINARY : null;
  } else {
    openloopBuilt = OPENLOOP_BINARY;
  }
  return openloopBuilt;
}

async function openloop(opts: LoadOptions, durationS: number): Promise<LoadResult> {
  if (opts.paths) throw new Error("the open-loop generator sends one request: no paths");
  const binary = openloopBinary();
  if (!binary) throw new Error("the open-loop generator needs a C compiler (cc or gcc)");
  const url = new URL(opts.url);
  const body = Buffer.from(opts.body ?? "");
  const headers = { host: url.host, ...opts.headers, ...(opts.body !== undefined ? { "content-length": String(body.length) } : {}) };
  const head = [`${opts.method ?? "GET"} ${url.pathname}${url.search} HTTP/1.1`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), "", ""].join("\r\n");
  const file = path.join(os.tmpdir(), `linkguard-openloop-${process.pid}-${Date.now()}.http`);
  fs.writeFileSync(file, Buffer.concat([Buffer.from(head, "latin1"), body]));
  try {
    const out = await run(binary, [url.hostname, url.port, String(opts.rate), String(opts.connections), String(durationS), file], opts.cpu);
    return { tool: "openloop", ...(JSON.parse(out.trim().split("\n").pop()!) as Omit<LoadResult, "tool">) };
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** `connections` keep-alive connections: a closed loop (wrk when installed, else bench/support/loadgen.ts), or an open loop at `rate` (bench/support/openloop.c). */
export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const gen = opts.rate ? openloop : hasWrk() ? wrk : node;
  if (opts.warmupS) await gen(opts, opts.warmupS);
  return gen(opts, opts.durationS);
}
