import type { NodeRouteHandler } from "./route";

/**
 * Routes the production server (scripts/server.mjs) answers itself, before Next's router: the
 * wallet platform's hot paths. The decision API's target (≥ 0.8× a bare Node server's throughput,
 * p99 ≤ 5 ms) Next's per-request work alone rules out (about 0.7 ms of CPU for an empty route
 * handler, against well under 0.1 ms for the whole answer); an events batch (~300 KB in, ~100 KB
 * out) is faster without Next's request and response adaptation. The handlers are the same
 * apiRoute pipeline as the Next route files (lib/http/route.ts, `.node`), registered at start-up
 * (lib/startup.ts) in a table on globalThis, where the server, which is plain JavaScript outside
 * Next's bundles, finds them.
 * Under `next dev` or `next start` nothing reads the table and Next answers these routes itself.
 */
type Table = Map<string, NodeRouteHandler>;
const g = globalThis as typeof globalThis & { __linkguardFastRoutes?: Table };

export function registerFastRoute(method: string, path: string, handler: NodeRouteHandler): void {
  (g.__linkguardFastRoutes ??= new Map()).set(`${method} ${path}`, handler);
}
