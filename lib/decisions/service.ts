import "server-only";
import { getDatabase, type DatabaseHandle } from "@/db";
import type { ServiceActor } from "@/lib/auth/actor";
import { controlSnapshot, type BankControlsEntry, type SnapshotView } from "@/lib/controls/snapshot";
import { fieldError, Forbidden, Invalid, type FieldErrors } from "@/lib/errors";
import { zodFieldErrors } from "@/lib/http/problem";
import { countDecision } from "./counters";
import { decide, type Decision } from "./decide";
import { decisionQuestion, type DecisionQuestion } from "./schemas";

/**
 * Decisions for the wallet platform, answered from the in-memory control snapshot: no database
 * round trip on this path (the counters are written in batches by ./counters). A bank's own key
 * asks about its own bank only: another bank's code is unknown to it, as an id of another bank is
 * "not found" elsewhere.
 */

function assertMayAsk(actor: ServiceActor): void {
  if (!actor.scopes.includes("decisions")) throw new Forbidden("The API key lacks the 'decisions' scope.");
}

const UNKNOWN_BANK = "Unknown bank code.";

const EVERY_BANK = () => true;

function scopeOf(actor: ServiceActor): (bank: BankControlsEntry) => boolean {
  return actor.bankId === null ? EVERY_BANK : (bank) => bank.bankId === actor.bankId;
}

/** The answer to one question; an unknown bank code (or one the caller may not ask about) is a 422. */
export async function answerDecision(actor: ServiceActor, question: DecisionQuestion): Promise<Decision> {
  assertMayAsk(actor);
  const handle = await getDatabase();
  const decision = decideOne(actor, question, handle, await controlSnapshot(handle), new Date());
  if (!decision) throw new Invalid(UNKNOWN_BANK, { bankCode: fieldError("unknown_bank") });
  return decision;
}

/** The decision, counted; undefined (not counted) for a bank the snapshot, as the caller may see it, does not hold. */
function decideOne(actor: ServiceActor, question: DecisionQuestion, handle: DatabaseHandle, view: SnapshotView, now: Date): Decision | undefined {
  const result = decide(view, question, now, scopeOf(actor));
  if (result.kind === "unknown_bank") return undefined;
  if (result.bank) countDecision(handle, result.bank.bankId, question.operation, result.decision, now.getTime());
  return { decision: result.decision, reason: result.reason, controlVersion: result.controlVersion, decidedAt: result.decidedAt };
}

export type BatchAnswer = (Decision & { index: number }) | { index: number; error: "invalid"; errors: FieldErrors };

/**
 * One answer per question, in order. An invalid question (or an unknown bank) is answered with its
 * index and field errors while the others are decided; a batch in which no question is valid is a
 * 422 whose errors are keyed `questions.<index>.<field>`.
 */
export async function answerBatch(actor: ServiceActor, questions: unknown[]): Promise<{ answers: BatchAnswer[] }> {
  assertMayAsk(actor);
  const handle = await getDatabase();
  const view = await controlSnapshot(handle);
  const now = new Date();
  let valid = 0;
  const answers = questions.map((raw, index): BatchAnswer => {
    const parsed = decisionQuestion.safeParse(raw);
    if (!parsed.success) return { index, error: "invalid", errors: zodFieldErrors(parsed.error) };
    const decision = decideOne(actor, parsed.data, handle, view, now);
    if (!decision) return { index, error: "invalid", errors: { bankCode: fieldError("unknown_bank") } };
    valid++;
    return { index, ...decision };
  });
  if (valid === 0) {
    const errors: FieldErrors = {};
    for (const a of answers) if ("errors" in a) for (const [field, reason] of Object.entries(a.errors)) errors[`questions.${a.index}.${field}`] = reason;
    throw new Invalid("No question in the batch is valid.", errors);
  }
  return { answers };
}
