import { auditRoutes } from "@/lib/audit/openapi";
import { apiRoute } from "@/lib/http/route";
import { localeOfRequest } from "@/lib/i18n/locale";
import { exportFileName, streamAuditCsv } from "@/lib/audit/export";

/** The filtered audit entries as a CSV download in the reader's language (streamed, no row cap). The export is audited. */
export const GET = apiRoute(auditRoutes.export, async ({ actor, query, request }) => {
  const stream = await streamAuditCsv(actor, query, localeOfRequest(request.headers));
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${exportFileName()}"`,
      "cache-control": "no-store",
    },
  });
});
