import "server-only";
import { getDatabase, openedDatabase, type DatabaseHandle } from "@/db";
import type { ServiceActor } from "@/lib/auth/actor";
import { controlSnapshot, currentSnapshotView, type BankControlsEntry, type SnapshotView } from "@/lib/controls/snapshot";
import { Forbidden, Invalid, type FieldErrors } from "@/lib/errors";
import { zodFieldErrors } from "@/lib/http/problem";
import { countDecision } from "./counters";
import { decide, type Decision } from "./decide";
import { decisionQuestion, quickDecisionQuestion, type DecisionQuestion } from "./schemas";

/**
 * Decisions for the wallet platform, answered from the in-memory control snapshot: no database
 * round trip on this path (the counters are written in batches by ./counters). A bank's own key
 * asks about its own bank only: another bank's code is unknown to it, as an id of another bank is
 * "not found" elsewhere.
 */

/** What the decision path reads of its caller (a key's holder, with or without its request). */
type Asker = Pick<ServiceActor, "scopes" | "bankId">;

const hasDecisionsScope = (actor: Asker) => actor.scopes.includes("decisions");

function assertMayAsk(actor: Asker): void {
  if (!hasDecisionsScope(actor)) throw new Forbidden("The API key lacks the 'decisions' scope.");
}

const UNKNOWN_BANK = "Unknown bank code.";

const EVERY_BANK = () => true;

function scopeOf(actor: Asker): (bank: BankControlsEntry) => boolean {
  return actor.bankId === null ? EVERY_BANK : (bank) => bank.bankId === actor.bankId;
}

/**
 * The answer to one question. Without waiting when the database is open and the snapshot kept
 * (every request after start-up): no promise on the hot path. Otherwise it waits for both first.
 */
export function answerDecision(actor: ServiceActor, question: DecisionQuestion): Decision | Promise<Decision> {
  assertMayAsk(actor);
  const handle = openedDatabase();
  const view = handle && currentSnapshotView(handle);
  if (handle && view) return known(decideOne(actor, question, handle, view));
  return (async () => {
    const h = await getDatabase();
    return known(decideOne(actor, question, h, await controlSnapshot(h)));
  })();
}

/**
 * The answer when it can be given at once and is a decision: a caller with the `decisions` scope,
 * the snapshot in memory, a bank the caller may see. Otherwise undefined, with nothing done
 * (nothing counted): then answerDecision, through the whole pipeline, answers or refuses. For the
 * express lane (./express.ts).
 */
export function decisionAtOnce(caller: Asker, question: DecisionQuestion): Decision | undefined {
  if (!hasDecisionsScope(caller)) return undefined;
  const handle = openedDatabase();
  const view = handle && currentSnapshotView(handle);
  return handle && view ? decideOne(caller, question, handle, view) : undefined;
}

function known(decision: Decision | undefined): Decision {
  if (!decision) throw new Invalid(UNKNOWN_BANK, { bankCode: UNKNOWN_BANK });
  return decision;
}

/** The decision, counted; undefined (not counted) for a bank the snapshot, as the caller may see it, does not hold. */
function decideOne(actor: Asker, question: DecisionQuestion, handle: DatabaseHandle, view: SnapshotView): Decision | undefined {
  const now = new Date();
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
  const mayAsk = scopeOf(actor);
  let valid = 0;
  const answers = questions.map((raw, index): BatchAnswer => {
    let q = quickDecisionQuestion(raw);
    if (!q) {
      const parsed = decisionQuestion.safeParse(raw);
      if (!parsed.success) return { index, error: "invalid", errors: zodFieldErrors(parsed.error) };
      q = parsed.data;
    }
    const r = decide(view, q, now, mayAsk);
    if (r.kind === "unknown_bank") return { index, error: "invalid", errors: { bankCode: UNKNOWN_BANK } };
    valid++;
    if (r.bank) countDecision(handle, r.bank.bankId, q.operation, r.decision);
    return { index, decision: r.decision, reason: r.reason, controlVersion: r.controlVersion, decidedAt: r.decidedAt };
  });
  if (valid === 0) {
    const errors: FieldErrors = {};
    for (const a of answers) if ("errors" in a) for (const [field, reason] of Object.entries(a.errors)) errors[`questions.${a.index}.${field}`] = reason;
    throw new Invalid("No question in the batch is valid.", errors);
  }
  return { answers };
}
