import { historyQuery } from "@/lib/controls/schemas";
import { history } from "@/lib/controls/service";
import { apiRoute } from "@/lib/http/route";

/** One bank's timeline of changes, requests and decisions, newest first (keyset-paged). */
export const GET = apiRoute({ auth: "staff_or_service", scope: "controls", query: historyQuery }, async ({ actor, query, params }) =>
  history(actor, params.bankCode ?? "", query),
);
