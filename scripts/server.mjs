#!/usr/bin/env node
// The production server: Next's request handler behind a plain Node HTTP server that answers the
// wallet platform's hot paths itself (lib/http/fast-routes.ts explains why). Used by `npm start`, the e2e suite
// and the benchmarks. Options: -p/--port (default $PORT or 3000), -H/--hostname (default 0.0.0.0).
//
// Next runs in this process (instrumentation.ts → lib/startup.ts: migrations, demo seed, control
// snapshot), and registers the fast routes on globalThis; the server listens once that is done.
import http from "node:http";
import path from "node:path";
import next from "next";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const args = process.argv.slice(2);
const arg = (short, long) => {
  const i = args.findIndex((a) => a === short || a === long);
  return i >= 0 ? args[i + 1] : undefined;
};
const port = Number(arg("-p", "--port") ?? process.env.PORT ?? 3000);
const hostname = arg("-H", "--hostname") ?? "0.0.0.0";
process.env.NODE_ENV = "production";

const app = next({ dev: false, dir: root, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();
// prepare() starts instrumentation without waiting for it: wait, so the first request finds the
// database migrated, the snapshot loaded and the fast routes registered.
await globalThis.__linkguardStarted;

const server = http.createServer((req, res) => {
  const q = req.url?.indexOf("?") ?? -1;
  const pathname = q === -1 ? req.url : req.url.slice(0, q);
  const fast = globalThis.__linkguardFastRoutes?.get(pathname)?.get(req.method); // lib/http/fast-routes.ts
  if (fast && fast(req, res)) return;
  handle(req, res);
});
// Longer than a load balancer's idle timeout, so it never reuses a connection the server closed.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
server.listen(port, hostname, () => console.log(`Linkguard ready on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port}`));

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    // No new connections; requests in flight finish; the decision counters are written
    // (lib/decisions/runtime.ts listens for the same signal); then exit.
    server.close();
    server.closeIdleConnections();
    const deadline = setTimeout(() => process.exit(0), 5_000);
    deadline.unref();
    Promise.resolve(globalThis.__linkguardStopping)
      .catch(() => undefined)
      .then(() => app.close())
      .finally(() => process.exit(0));
  });
}
