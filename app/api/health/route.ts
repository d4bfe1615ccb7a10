import { healthAnswer } from "@/lib/health";

export const dynamic = "force-dynamic";

/**
 * For load balancers (lib/health.ts): readiness by default, 200 when the database answers and the
 * decision snapshot is fresh, 503 with each check's state when not; `?probe=live`: liveness, 200
 * while the process answers at all.
 */
export async function GET(request: Request) {
  const { status, body } = await healthAnswer(new URL(request.url).search);
  return Response.json(body, { status, headers: { "cache-control": "no-store" } });
}
