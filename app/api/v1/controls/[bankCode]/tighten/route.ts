import { tightenRequest } from "@/lib/controls/schemas";
import { tighten } from "@/lib/controls/service";
import { apiRoute } from "@/lib/http/route";

/** Tighten one control of this bank at once (the bank code typed as confirmation). */
export const POST = apiRoute({ auth: "staff", body: tightenRequest }, async ({ actor, body, params }) => tighten(actor, params.bankCode ?? "", body));
