/**
 * The Node load generator, used where wrk is not installed: `connections` keep-alive sockets for
 * `durationS` seconds in a closed loop (each connection sends its next request when the last one is
 * answered), in its own process so it does not share an event loop with what it measures. Prints
 * one JSON line. The open loop is bench/support/openloop.c.
 */
import http from "node:http";
import type { LoadOptions } from "./load";

const opts = JSON.parse(process.argv[2]!) as LoadOptions;
const url = new URL(opts.url);
const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections });
const body = opts.body === undefined ? undefined : Buffer.from(opts.body);
const headers = { ...opts.headers, ...(body ? { "content-length": String(body.length) } : {}) };
const latencies: number[] = [];
let errors = 0;
const paths = opts.paths?.length ? opts.paths : [url.pathname + url.search];
let next = 0;
const end = performance.now() + opts.durationS * 1000;

/** One request and its latency. */
function once(): Promise<void> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const req = http.request({ host: url.hostname, port: url.port, path: paths[next++ % paths.length], method: opts.method ?? "GET", headers, agent }, (res) => {
      res.on("data", () => undefined);
      res.on("end", () => {
        if (res.statusCode! >= 300) errors++;
        latencies.push(performance.now() - t0);
        resolve();
      });
    });
    req.on("error", () => {
      errors++;
      resolve();
    });
    req.end(body);
  });
}

async function loop(): Promise<void> {
  while (performance.now() < end) await once();
}

const started = performance.now();
await Promise.all(Array.from({ length: opts.connections }, loop));
const seconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
process.stdout.write(
  `${JSON.stringify({ requests: latencies.length, seconds, rps: latencies.length / seconds, p50Ms: pct(50), p90Ms: pct(90), p95Ms: pct(95), p99Ms: pct(99), errors })}\n`,
);
agent.destroy();
