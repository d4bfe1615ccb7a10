import { apiRoute } from "@/lib/http/route";
import { situationRoutes } from "@/lib/situation/openapi";
import { getSituation } from "@/lib/situation/service";

/** The situation at a glance, in the caller's scope (the console's home). */
export const GET = apiRoute(situationRoutes.get, async ({ actor }) => getSituation(actor));
