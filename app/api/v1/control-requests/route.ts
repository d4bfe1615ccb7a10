import { listRequests, requestLoosening } from "@/lib/controls/service";
import { controlsRoutes } from "@/lib/controls/openapi";
import { apiRoute } from "@/lib/http/route";

/** Loosening requests in the caller's scope (default: the open ones), newest first. */
export const GET = apiRoute(controlsRoutes.requests, async ({ actor, query }) => listRequests(actor, query));

/** Ask for a loosening; a second person approves it. */
export const POST = apiRoute(controlsRoutes.requestLoosening, async ({ actor, body }) =>
  requestLoosening(actor, body),
);
