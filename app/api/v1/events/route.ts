import { eventsRoute } from "@/lib/events/routes";

/** Up to 1,000 wallet-platform events in one transaction, idempotent by eventId, reported per item (lib/events/routes.ts). */
export const POST = eventsRoute;
