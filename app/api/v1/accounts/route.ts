import { linkListQuery } from "@/lib/accounts/schemas";
import { listLinks } from "@/lib/accounts/service";
import { apiRoute } from "@/lib/http/route";

/** The links the caller may see, filtered and sorted, keyset-paged (no exact count). */
export const GET = apiRoute({ auth: "staff", query: linkListQuery }, async ({ actor, query }) => listLinks(actor, query));
