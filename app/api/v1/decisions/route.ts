import { decisionRoute } from "@/lib/decisions/routes";

/** May this link or charge go ahead at this bank now? (lib/decisions/routes.ts) */
export const POST = decisionRoute;
