#!/usr/bin/env node
// The console's production server: Next's request handler behind a plain Node HTTP server that
// answers the wallet platform's hot paths itself (lib/http/fast-routes.ts explains why). Used by
// `npm start`, the e2e suite and the benchmarks. Options: -p/--port (default $PORT or 3000),
// -H/--hostname (default 0.0.0.0).
//
// Next runs in this process (instrumentation.ts → lib/startup.ts: migrations, demo seed, control
// snapshot), and registers the fast routes on globalThis; the server listens once that is done.
import http from "node:http";
import path from "node:path";
import next from "next";
import { markPeer } from "../lib/http/peer.js";
import { listen, serverAddress, stopOnSignals } from "./server-lifecycle.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const address = serverAddress(process.env.PORT ?? 3000);
const { port, hostname } = address;
process.env.NODE_ENV = "production";

const app = next({ dev: false, dir: root, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();
// prepare() starts instrumentation without waiting for it: wait, so the first request finds the
// database migrated, the snapshot loaded and the fast routes registered.
await globalThis.__linkguardStarted;

const server = http.createServer((req, res) => {
  markPeer(req); // the socket's address, for lib/auth/client-address.ts (Next's handlers never see the socket)
  const q = req.url?.indexOf("?") ?? -1;
  const pathname = q === -1 ? req.url : req.url.slice(0, q);
  const fast = globalThis.__linkguardFastRoutes?.get(pathname)?.get(req.method); // lib/http/fast-routes.ts
  if (fast && fast(req, res)) return;
  handle(req, res);
});
listen(server, address, (url) => console.log(`Linkguard ready on ${url}`));
stopOnSignals(server, () => app.close());
