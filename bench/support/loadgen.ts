/**
 * The Node load generator: `connections` keep-alive sockets for `durationS` seconds, in its own
 * process so it does not share an event loop with what it measures. Prints one JSON line.
 *  - Closed loop (used when wrk is not installed): each connection sends its next request when the
 *    last one is answered.
 *  - Open loop (`rate` set; wrk cannot): requests are due at a fixed rate whatever the answers do,
 *    and each latency is measured from when its request was due, not from when it could be sent, so
 *    a stalled server is charged for the requests that waited behind it (no coordinated omission).
 */
import http from "node:http";
import net from "node:net";
import type { LoadOptions } from "./load";

const opts = JSON.parse(process.argv[2]!) as LoadOptions;
const url = new URL(opts.url);
const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections });
const body = opts.body === undefined ? undefined : Buffer.from(opts.body);
const headers = { ...opts.headers, ...(body ? { "content-length": String(body.length) } : {}) };
const latencies: number[] = [];
let errors = 0;
const end = performance.now() + opts.durationS * 1000;

/** One request; its latency counts from `t0` (when it was due). */
function once(t0 = performance.now()): Promise<void> {
  return new Promise((resolve) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method: opts.method ?? "GET", headers, agent }, (res) => {
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

/**
 * Sends each request when it is due, on the first free connection (they are raw sockets with the
 * request's bytes made once: Node's HTTP client costs too much CPU per request to keep a fixed
 * rate of thousands a second). A request due while every connection waits for an answer queues,
 * and its latency counts from when it was due. Due times are checked between turns of the event
 * loop, a few µs apart.
 */
function openLoop(rate: number): Promise<void> {
  const head = [`${opts.method ?? "GET"} ${url.pathname}${url.search} HTTP/1.1`, `host: ${url.host}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), "", ""].join("\r\n");
  const request = Buffer.concat([Buffer.from(head, "latin1"), body ?? Buffer.alloc(0)]);
  const queue: number[] = [];
  const idle: Conn[] = [];
  const interval = 1000 / rate;
  let start = 0;
  let k = 0;
  let outstanding = 0;

  interface Conn {
    socket: net.Socket;
    due: number;
    buf: Buffer;
  }
  const send = (c: Conn, due: number) => {
    c.due = due;
    outstanding++;
    c.socket.write(request);
  };
  const answered = (c: Conn, status: number) => {
    latencies.push(performance.now() - c.due);
    if (status >= 300) errors++;
    outstanding--;
    const next = queue.shift();
    if (next !== undefined) send(c, next);
    else idle.push(c);
  };
  const conns = Array.from({ length: opts.connections }, () => {
    const c: Conn = { socket: net.connect(Number(url.port), url.hostname), due: 0, buf: Buffer.alloc(0) };
    c.socket.setNoDelay(true);
    c.socket.on("data", (chunk: Buffer) => {
      c.buf = c.buf.length ? Buffer.concat([c.buf, chunk]) : chunk;
      const headEnd = c.buf.indexOf("\r\n\r\n");
      if (headEnd === -1) return;
      const headText = c.buf.toString("latin1", 0, headEnd);
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(headText)?.[1] ?? 0);
      if (c.buf.length < headEnd + 4 + length) return;
      c.buf = c.buf.subarray(headEnd + 4 + length);
      answered(c, Number(headText.slice(9, 12)));
    });
    c.socket.on("error", () => {
      errors++;
    });
    return c;
  });
  return new Promise((resolve) => {
    Promise.all(conns.map((c) => new Promise((r) => c.socket.once("connect", r)))).then(() => {
      idle.push(...conns);
      start = performance.now();
      const tick = () => {
        const now = performance.now();
        for (let due = start + k * interval; due <= now && due < end; due = start + ++k * interval) {
          const c = idle.pop();
          if (c) send(c, due);
          else queue.push(due);
        }
        // After the last due time, the answers still awaited (for at most 5 s).
        if (now < end || ((outstanding > 0 || queue.length > 0) && now < end + 5_000)) setImmediate(tick);
        else {
          for (const c of conns) c.socket.destroy();
          resolve();
        }
      };
      tick();
    });
  });
}

const started = performance.now();
if (opts.rate) await openLoop(opts.rate);
else await Promise.all(Array.from({ length: opts.connections }, loop));
const seconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
process.stdout.write(
  `${JSON.stringify({ requests: latencies.length, seconds, rps: latencies.length / seconds, p50Ms: pct(50), p90Ms: pct(90), p99Ms: pct(99), errors })}\n`,
);
agent.destroy();
