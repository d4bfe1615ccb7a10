import { auditRoutes } from "@/lib/audit/openapi";
import { apiRoute } from "@/lib/http/route";
import { listAudit } from "@/lib/audit/query";

/** The audit entries the caller may read, newest first, keyset-paged by seq. Not itself audited. */
export const GET = apiRoute(auditRoutes.list, async ({ actor, query }) => {
  const { cursor, ...filters } = query;
  return listAudit(actor, filters, cursor);
});
