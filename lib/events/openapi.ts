import { z } from "zod";
import type { RouteSpec } from "@/lib/openapi/spec";
import { eventsResponse, MAX_EVENTS, walletEvent } from "./schemas";

export const eventsRoutes: RouteSpec[] = [
  {
    method: "post",
    path: "/api/v1/events",
    summary:
      "Up to 1,000 wallet-platform events (link_created, link_removed, charge, payment, transfer) in one transaction. Idempotent by eventId: each item is reported stored, duplicate (a replay, nothing changed) or invalid (with field errors) while the valid ones are stored; 422 when none is valid; bodies over 2 MiB: 413",
    tag: "Events",
    auth: "service",
    scope: "events",
    body: z.object({ events: z.array(walletEvent).min(1).max(MAX_EVENTS) }),
    response: eventsResponse,
  },
];
