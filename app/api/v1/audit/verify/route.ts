import { auditRoutes } from "@/lib/audit/openapi";
import { apiRoute } from "@/lib/http/route";
import { verifyForActor } from "@/lib/audit/verification";

/** Walks the whole hash chain (auditors only); the run is audited. */
export const POST = apiRoute(auditRoutes.verify, async ({ actor }) => verifyForActor(actor));
