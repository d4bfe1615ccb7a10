import { apiRoute } from "@/lib/http/route";
import { dryRun } from "@/lib/rules/dry-run";
import { rulesRoutes } from "@/lib/rules/openapi";

/** What the rule would have opened over history with candidate parameters; writes nothing. */
export const POST = apiRoute(rulesRoutes.dryRun, async ({ actor, params, body }) => dryRun(actor, params.code, body));
