import { auditRoutes } from "@/lib/audit/openapi";
import { apiRoute } from "@/lib/http/route";
import { exportFileName, streamAuditCsv } from "@/lib/audit/export";

/** The filtered audit entries as a CSV download (streamed, no row cap). The export is audited. */
export const GET = apiRoute(auditRoutes.export, async ({ actor, query }) => {
  const stream = await streamAuditCsv(actor, query);
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${exportFileName()}"`,
      "cache-control": "no-store",
    },
  });
});
