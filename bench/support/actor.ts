import crypto from "node:crypto";
import type { StaffActor } from "@/lib/auth/actor";

/** A staff actor of the carrier (bankId null) or of one bank, for calling lib/ directly: an investigator, who may read accounts. */
export function benchActor(bankId: string | null): StaffActor {
  return {
    kind: "staff",
    userId: crypto.randomUUID(),
    sessionId: crypto.randomUUID(),
    email: "bench@bench.invalid",
    displayName: "bench",
    roles: ["investigator"],
    orgId: bankId ?? crypto.randomUUID(),
    orgKind: bankId ? "bank" : "carrier",
    bankId,
    bankCode: null,
    orgNameJa: "bench",
    orgNameEn: "bench",
    request: { requestId: "bench", ip: null },
  };
}
