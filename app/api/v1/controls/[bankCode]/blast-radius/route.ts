import { blastRadiusQuery } from "@/lib/controls/schemas";
import { blastRadius } from "@/lib/controls/service";
import { apiRoute } from "@/lib/http/route";

/** What a new state of one control would touch at this bank, computed now. */
export const GET = apiRoute({ auth: "staff", query: blastRadiusQuery }, async ({ actor, query, params }) =>
  blastRadius(actor, params.bankCode ?? "", query.control, query.toState),
);
