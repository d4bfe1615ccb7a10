import { controlsQuery } from "@/lib/controls/schemas";
import { listControls } from "@/lib/controls/service";
import { apiRoute } from "@/lib/http/route";

/** Every bank the caller may see, with both controls and the loosenings waiting. */
export const GET = apiRoute({ auth: "staff_or_service", scope: "controls", query: controlsQuery }, async ({ actor, query }) => listControls(actor, query));
