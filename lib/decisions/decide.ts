import type { BankControlsEntry, SnapshotView } from "@/lib/controls/snapshot";
import type { DecisionQuestion } from "./schemas";

export type DecisionReason =
  /** The control is open. */
  | "open"
  /** The control asks for strong verification and the link (or new link) has it. */
  | "strong_verification_met"
  | "registrations_suspended"
  | "charges_suspended"
  | "strong_verification_required"
  /** The snapshot could not be confirmed fresh within the grace period: fail closed. */
  | "controls_unavailable";

export interface Decision {
  decision: "allow" | "deny";
  reason: DecisionReason;
  /** The version of the control the answer was made under (the snapshot's highest version when it is unavailable). */
  controlVersion: number;
  decidedAt: string;
}

export type DecideResult = ({ kind: "decided"; bank: BankControlsEntry | null } & Decision) | { kind: "unknown_bank" };

const STRONG = new Set(["otp", "identity_document"]);

/**
 * The rule, and nothing else: pure, so it is the same in every process and tested as a table.
 *  - link: registrations suspended → deny registrations_suspended; strong_only with a PIN only →
 *    deny strong_verification_required; otherwise allow.
 *  - charge: charges suspended → deny charges_suspended; strong_only → the link's verification
 *    (the question's `verification`) must be otp or identity_document, else deny
 *    strong_verification_required; otherwise allow.
 *  - A snapshot never loaded, or not confirmed within the grace period → deny controls_unavailable.
 *  - A bank code the snapshot (as the caller may see it) does not hold → unknown_bank (a 422).
 */
export function decide(
  view: SnapshotView,
  question: Pick<DecisionQuestion, "operation" | "bankCode" | "verification">,
  now: Date = new Date(),
  mayAsk: (bank: BankControlsEntry) => boolean = () => true,
): DecideResult {
  const decidedAt = now.toISOString();
  const snapshot = view.snapshot;
  if (!snapshot) return { kind: "decided", bank: null, decision: "deny", reason: "controls_unavailable", controlVersion: 0, decidedAt };
  const bank = snapshot.banks.get(question.bankCode);
  if (!bank || !mayAsk(bank)) return { kind: "unknown_bank" };
  if (!view.fresh) return { kind: "decided", bank, decision: "deny", reason: "controls_unavailable", controlVersion: snapshot.maxVersion, decidedAt };
  const link = question.operation === "link";
  const state = link ? bank.registrations : bank.charges;
  const controlVersion = link ? bank.registrationsVersion : bank.chargesVersion;
  let decision: "allow" | "deny" = "allow";
  let reason: DecisionReason = "open";
  if (state === "suspended") {
    decision = "deny";
    reason = link ? "registrations_suspended" : "charges_suspended";
  } else if (state === "strong_only") {
    const strong = STRONG.has(question.verification);
    decision = strong ? "allow" : "deny";
    reason = strong ? "strong_verification_met" : "strong_verification_required";
  }
  return { kind: "decided", bank, decision, reason, controlVersion, decidedAt };
}
