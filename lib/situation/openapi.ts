import { defineRoute } from "@/lib/openapi/spec";
import { situationResponse } from "./schemas";

export const situationRoutes = {
  get: defineRoute({
    method: "get",
    path: "/api/v1/situation",
    summary:
      "The console's home in the caller's scope: registrations and charges suspended per bank, attempts blocked in the last 24 hours, the open incident's figures, the latest control changes and the approvals waiting for the caller",
    tag: "situation",
    auth: "staff",
    response: situationResponse,
  }),
};
