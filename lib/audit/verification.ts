import "server-only";
import { getDb } from "@/db";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/policy";
import { verifyChain, type VerifyResult } from "./verify";
import { recordAudit } from "./write";

// One walk at a time per process: a second request while one runs gets the same result.
let running: Promise<VerifyResult> | null = null;

/**
 * Verifies the whole chain for an auditor (the chain is one for every bank, so a bank's auditor
 * verifies it whole too; the result names only a seq and a reason). Each run is audited.
 */
export async function verifyForActor(actor: Actor): Promise<VerifyResult> {
  assertCan(actor, "audit.verify");
  const db = await getDb();
  running ??= verifyChain(db).finally(() => {
    running = null;
  });
  const result = await running;
  await recordAudit(db, actor, {
    action: "audit.verified",
    entityType: "audit_log",
    after: {
      ok: result.ok,
      checked: result.checked,
      firstBroken: result.firstBroken ? { seq: result.firstBroken.seq, reason: result.firstBroken.reason } : null,
      head: result.head,
    },
  });
  return result;
}
