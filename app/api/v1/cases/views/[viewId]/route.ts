import { casesRoutes } from "@/lib/cases/openapi";
import { deleteView } from "@/lib/cases/views";
import { apiRoute } from "@/lib/http/route";

export const DELETE = apiRoute(casesRoutes.deleteView, async ({ actor, params }) => {
  await deleteView(actor, params.viewId);
  return new Response(null, { status: 204 });
});
