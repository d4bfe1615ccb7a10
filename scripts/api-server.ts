/**
 * The wallet platform's API server: a small Node process without Next that answers the platform's
 * hot paths (lib/http/fast-routes.ts: the decision API, its batch form, event ingestion) and a
 * health check, with the same handlers as the console. Run it beside the console on PostgreSQL and
 * point the wallet platform at it: nothing the console does (rendering pages, streaming exports)
 * shares its event loop, it answers a decision in a fraction of the console's time, and any number
 * of instances run side by side (each keeps its own control snapshot, refreshed on LISTEN/NOTIFY).
 *
 *   npm run build && npm run serve:api -- [-p 3001] [-H 0.0.0.0]
 *
 * `npm run build` bundles it into dist/api-server/ (scripts/bundle.mjs). Port: -p, else
 * LINKGUARD_API_PORT, else 3001. It needs DATABASE_URL and the console's AUTH_SECRET (event
 * ingestion hashes account numbers under a key derived from it). Requests without an API key, and
 * paths it does not serve, get a problem+json 401, 404 or 405.
 */
import http from "node:http";
import { getDatabase } from "@/db";
import { migrateDatabase } from "@/db/migrate";
import { startDecisionRuntime } from "@/lib/decisions/runtime";
import { AppError, NotFound, Unauthenticated } from "@/lib/errors";
import { healthAnswer } from "@/lib/health";
import { pathOf, WALLET_PLATFORM_ROUTES } from "@/lib/http/fast-routes";
import { log } from "@/lib/http/log";
import { markPeer } from "@/lib/http/peer.js";
import { refuseNode, sendNode } from "@/lib/http/route";
import { listen, serverAddress, stopOnSignals } from "./server-lifecycle.mjs";


function refuseToStart(msg: string): never {
  log("error", msg);
  process.exit(1);
}

if (!process.env.AUTH_SECRET) refuseToStart("AUTH_SECRET is not set: refusing to start. Use the console's AUTH_SECRET.");
if (!process.env.DATABASE_URL) {
  refuseToStart(
    "DATABASE_URL is not set: the API server runs beside the console on PostgreSQL. " +
      "With the embedded database, the console's own server (npm start) answers these endpoints.",
  );
}

try {
  const handle = await getDatabase();
  await migrateDatabase(handle);
  await startDecisionRuntime(handle);
} catch (e) {
  refuseToStart(`database start-up failed: ${(e as Error).message}`);
}

const SERVED = [...WALLET_PLATFORM_ROUTES.keys()].join(", ");

const server = http.createServer((req, res) => {
  markPeer(req); // the socket's address, for lib/auth/client-address.ts
  const path = pathOf(req);
  const byMethod = WALLET_PLATFORM_ROUTES.get(path);
  const route = byMethod?.get(req.method ?? "");
  if (route) {
    // The route answers every request that carries credentials; this server has no sessions.
    if (!route(req, res)) refuseNode(req, res, new Unauthenticated("Use 'Authorization: Bearer <api key>'."));
    return;
  }
  if (path === "/api/health" && req.method === "GET") {
    const url = req.url ?? "";
    void healthAnswer(url.includes("?") ? url.slice(url.indexOf("?")) : "").then((h) => sendNode(req, res, h.status, h.body));
    return;
  }
  if (byMethod) {
    const allow = [...byMethod.keys()].join(", ");
    refuseNode(req, res, new AppError(405, "method_not_allowed", `Use ${allow}.`), { allow });
    return;
  }
  refuseNode(req, res, new NotFound(`endpoint here: this server answers ${SERVED} and /api/health; the console serves the rest`));
});
server.on("error", (e) => refuseToStart(`listen: ${e.message}`));
listen(server, serverAddress(process.env.LINKGUARD_API_PORT ?? 3001), (url) => log("info", `Linkguard API server ready on ${url}`));
stopOnSignals(server);
