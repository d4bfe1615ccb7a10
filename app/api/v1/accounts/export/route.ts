import { exportFileName, streamLinksCsv } from "@/lib/accounts/export";
import { accountsRoutes } from "@/lib/accounts/openapi";
import { apiRoute } from "@/lib/http/route";

/** Every link matching the filters as a CSV download (streamed, no row cap). The export is audited. */
export const GET = apiRoute(accountsRoutes.export, async ({ actor, query }) => {
  const { stream, estimatedTotal } = await streamLinksCsv(actor, query);
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${exportFileName()}"`,
      "cache-control": "no-store",
      ...(estimatedTotal === null ? {} : { "x-estimated-total": String(estimatedTotal) }),
    },
  });
});
