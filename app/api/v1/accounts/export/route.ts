import { exportFileName, streamLinksCsv } from "@/lib/accounts/export";
import { accountsRoutes } from "@/lib/accounts/openapi";
import { apiRoute } from "@/lib/http/route";
import { localeOfRequest } from "@/lib/i18n/locale";

/** Every link matching the filters as a CSV download in the reader's language (streamed, no row cap). The export is audited. */
export const GET = apiRoute(accountsRoutes.export, async ({ actor, query, request }) => {
  const { stream, estimatedTotal } = await streamLinksCsv(actor, query, { locale: localeOfRequest(request.headers) });
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${exportFileName()}"`,
      "cache-control": "no-store",
      ...(estimatedTotal === null ? {} : { "x-estimated-total": String(estimatedTotal) }),
    },
  });
});
