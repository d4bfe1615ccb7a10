import type { IncomingMessage } from "node:http";
import { decisionBatchRoute, decisionRoute } from "@/lib/decisions/routes";
import { eventsRoute } from "@/lib/events/routes";
import type { NodeRouteHandler } from "./route";

/**
 * The wallet platform's hot paths, answered on a bare Node request instead of through Next's
 * router: Next spends about 0.7 ms of CPU on any route-handler request before our code runs, and
 * the whole answer to a decision costs well under 0.1 ms. The handlers are the same apiRoute
 * pipeline as the Next route files (lib/http/route.ts, `.node`: another host for it, not another
 * implementation), so every caller gets the same answer whichever way its request went.
 *
 * Two servers use this table:
 *  - the wallet platform's API server (scripts/api-server.ts), a process of its own without Next,
 *    for deployments on PostgreSQL: nothing the console does (pages, exports) shares its event loop;
 *  - the console's production server (scripts/server.mjs), which answers these paths before Next's
 *    router, so a single process (the embedded database allows no other) serves them as well. It is
 *    plain JavaScript outside Next's bundles, so lib/startup.ts publishes the table on globalThis.
 * Under `next dev` or `next start` nothing reads the table and Next answers these routes itself.
 */

/** Path → method → handler (looked up without building a string per request). */
export type FastRoutes = ReadonlyMap<string, ReadonlyMap<string, NodeRouteHandler>>;

export const WALLET_PLATFORM_ROUTES: FastRoutes = new Map([
  ["/api/v1/decisions", new Map([["POST", decisionRoute.node]])],
  ["/api/v1/decisions/batch", new Map([["POST", decisionBatchRoute.node]])],
  ["/api/v1/events", new Map([["POST", eventsRoute.node]])],
]);

/** The request's path without its query string. */
export function pathOf(req: IncomingMessage): string {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  return q === -1 ? url : url.slice(0, q);
}

/** For scripts/server.mjs (lib/startup.ts calls it once the database is ready). */
export function publishFastRoutes(): void {
  (globalThis as typeof globalThis & { __linkguardFastRoutes?: FastRoutes }).__linkguardFastRoutes = WALLET_PLATFORM_ROUTES;
}
