import { apiRoute } from "@/lib/http/route";
import { ingestEvents } from "@/lib/events/ingest";
import { eventsBatch } from "@/lib/events/schemas";

/** Up to 1,000 wallet-platform events in one transaction, idempotent by eventId, reported per item. */
export const POST = apiRoute(
  { auth: "service", scope: "events", body: eventsBatch, maxBodyBytes: 2 * 1024 * 1024 },
  async ({ actor, body }) => ingestEvents(actor, body.events),
);
