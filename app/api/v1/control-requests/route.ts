import { looseningRequest, requestsQuery } from "@/lib/controls/schemas";
import { listRequests, requestLoosening } from "@/lib/controls/service";
import { apiRoute, json } from "@/lib/http/route";

/** Loosening requests in the caller's scope (default: the open ones), newest first. */
export const GET = apiRoute({ auth: "staff_or_service", scope: "controls", query: requestsQuery }, async ({ actor, query }) => listRequests(actor, query));

/** Ask for a loosening; a second person approves it. */
export const POST = apiRoute({ auth: "staff_or_service", scope: "controls", body: looseningRequest }, async ({ actor, body }) =>
  json(await requestLoosening(actor, body), 201),
);
