import { decisionBatchRoute } from "@/lib/decisions/routes";

/** Many questions in one call (lib/decisions/routes.ts). */
export const POST = decisionBatchRoute;
