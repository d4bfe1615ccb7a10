import { bulkAct } from "@/lib/cases/bulk";
import { casesRoutes } from "@/lib/cases/openapi";
import { apiRoute } from "@/lib/http/route";

/** One action on many cases, each through its single-case operation; the answer says per case. */
export const POST = apiRoute(casesRoutes.bulk, async ({ actor, body }) => bulkAct(actor, body));
