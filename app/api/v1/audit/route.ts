import { apiRoute } from "@/lib/http/route";
import { listAudit } from "@/lib/audit/query";
import { auditListQuery } from "@/lib/audit/schemas";

/** The audit entries the caller may read, newest first, keyset-paged by seq. Not itself audited. */
export const GET = apiRoute({ auth: "staff", query: auditListQuery }, async ({ actor, query }) => {
  const { cursor, ...filters } = query;
  return listAudit(actor, filters, cursor);
});
