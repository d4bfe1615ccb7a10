import "server-only";
import { apiRoute } from "@/lib/http/route";
import { ingestEvents } from "./ingest";
import { eventsRoutes } from "./openapi";

/**
 * The events API's handler, made once from its declaration (./openapi.ts): app/api/v1/events/route.ts
 * exports it to Next, and lib/startup.ts registers its `.node` form with the production server's
 * fast path (a 1,000-event batch is ~300 KB in and ~100 KB out, which Next's request and response
 * adaptation makes slower).
 */
export const eventsRoute = apiRoute(eventsRoutes.ingest, ({ actor, body }) => ingestEvents(actor, body.events));
