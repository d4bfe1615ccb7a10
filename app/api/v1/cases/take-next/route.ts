import { casesRoutes } from "@/lib/cases/openapi";
import { takeNextCase } from "@/lib/cases/take-next";
import { apiRoute } from "@/lib/http/route";

/** The most urgent unassigned case in the caller's scope, assigned to them atomically. */
export const POST = apiRoute(casesRoutes.takeNext, async ({ actor }) => takeNextCase(actor));
