import { defineRoute } from "@/lib/openapi/spec";
import { eventsBatch, eventsResponse } from "./schemas";

export const eventsRoutes = {
  ingest: defineRoute({
    method: "post",
    path: "/api/v1/events",
    summary:
      "Up to 1,000 wallet-platform events (link_created, link_removed, charge, payment, transfer) in one transaction. Idempotent by eventId: each item is reported stored, duplicate (a replay, nothing changed) or invalid (with field errors) while the valid ones are stored; 422 when none is valid; bodies over 2 MiB: 413",
    tag: "Events",
    auth: "service",
    scope: "events",
    body: eventsBatch,
    response: eventsResponse,
    maxBodyBytes: 2 * 1024 * 1024,
  }),
};
