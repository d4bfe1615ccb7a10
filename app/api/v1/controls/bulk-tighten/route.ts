import { bulkTightenRequest } from "@/lib/controls/schemas";
import { bulkTighten } from "@/lib/controls/service";
import { apiRoute } from "@/lib/http/route";

/** The carrier tightens one control at many banks (or all) in one transaction. */
export const POST = apiRoute({ auth: "staff", body: bulkTightenRequest }, async ({ actor, body }) => bulkTighten(actor, body));
