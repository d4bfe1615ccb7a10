import { apiRoute } from "@/lib/http/route";
import { changeRule } from "@/lib/rules/manage";
import { rulesRoutes } from "@/lib/rules/openapi";

/** Changes a rule's mode or parameters on the version read (carrier managers); audited. */
export const PATCH = apiRoute(rulesRoutes.change, async ({ actor, params, body }) => changeRule(actor, params.code, body));
