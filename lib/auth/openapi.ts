import { defineRoute } from "@/lib/openapi/spec";
import { enrolmentRequest, enrolmentResponse, meResponse } from "./schemas";

export const authRoutes = {
  me: defineRoute({ method: "get", path: "/api/v1/me", summary: "The signed-in staff member, organisation and permissions", tag: "auth", auth: "staff", response: meResponse }),
  enrolment: defineRoute({
    method: "post",
    path: "/api/v1/auth/enrolment",
    summary: "Start TOTP enrolment (first sign-in): a new secret, shown once. Throttled as sign-in is; every refusal is the same 401 invalid_credentials",
    tag: "auth",
    auth: "public",
    body: enrolmentRequest,
    response: enrolmentResponse,
    successStatus: 201,
    errors: { 401: { invalid_credentials: "Any refusal, whatever its reason (unknown e-mail, wrong password, already enrolled, throttled): the same answer" } },
  }),
};
