import QRCode from "qrcode";
import { getDb } from "@/db";
import { startEnrolment } from "@/lib/auth/sign-in";
import { authRoutes } from "@/lib/auth/openapi";
import { apiRoute } from "@/lib/http/route";
import { problemResponse } from "@/lib/http/problem";

/** Step one of TOTP enrolment, for a user who signs in for the first time: the secret, shown once. */
export const POST = apiRoute(authRoutes.enrolment, async ({ body, meta }) => {
  const result = await startEnrolment(await getDb(), body.email, body.password, meta);
  // Every refusal is the same 401, as a refused sign-in is: it says nothing about why.
  if (!result.ok) return problemResponse(401, result.failure, "Enrolment refused.", meta.requestId);
  const qrDataUrl = await QRCode.toDataURL(result.enrolment.otpauthUri, { margin: 1, width: 180 });
  return { ...result.enrolment, qrDataUrl };
});
