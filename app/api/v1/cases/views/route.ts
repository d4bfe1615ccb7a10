import { casesRoutes } from "@/lib/cases/openapi";
import { listViews, saveView } from "@/lib/cases/views";
import { apiRoute } from "@/lib/http/route";

export const GET = apiRoute(casesRoutes.views, async ({ actor }) => listViews(actor));
export const POST = apiRoute(casesRoutes.saveView, async ({ actor, body }) => saveView(actor, body));
