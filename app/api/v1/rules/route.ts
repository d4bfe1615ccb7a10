import { apiRoute } from "@/lib/http/route";
import { listRules } from "@/lib/rules/manage";
import { rulesRoutes } from "@/lib/rules/openapi";

/** The detection rules with their modes, parameters and last week's hits. */
export const GET = apiRoute(rulesRoutes.list, async ({ actor }) => listRules(actor));
