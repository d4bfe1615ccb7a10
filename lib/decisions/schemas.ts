import { z } from "zod";
import { fieldErrorsSchema } from "@/lib/errors";
import { checkedPerItem } from "@/lib/openapi/items";

/** "Required." when missing, `what` when present but of the wrong type. */
const expect = (what: string) => ({ error: (i: { input: unknown }) => (i.input === undefined ? "Required." : what) });

/** Objects refuse fields the API does not know and name them (a typo must not pass silently). */
export const closedObject = {
  error: (i: { code?: string; keys?: string[] }) => (i.code === "unrecognized_keys" ? `Unknown field: ${(i.keys ?? []).join(", ")}.` : "A JSON object."),
};

export const MAX_AMOUNT_YEN = 10_000_000;
export const MAX_BATCH_QUESTIONS = 1_000;

export const operation = z.enum(["link", "charge"], expect("Either link or charge."));
export const verification = z.enum(["pin_only", "otp", "identity_document"], expect("One of pin_only, otp, identity_document."));
export const bankCode = z.string(expect("Four digits.")).regex(/^[0-9]{4}$/, "Four digits.");
export const walletId = z.string(expect("A string.")).min(1, "Required.").max(64, "At most 64 characters.");
export const amountYen = z
  .number(expect("A whole number of yen."))
  .int("A whole number of yen.")
  .positive("More than zero.")
  .max(MAX_AMOUNT_YEN, "At most ¥10,000,000.");

/**
 * One question of the wallet platform. A charge carries its amount; a link carries none (an
 * amount on a link is refused, not ignored: it means the caller mixed the two up).
 */
export const decisionQuestion = z
  .strictObject({ operation, bankCode, walletId, verification, amountYen: amountYen.optional() }, closedObject)
  .superRefine((q, ctx) => {
    if (q.operation === "charge" && q.amountYen === undefined) ctx.addIssue({ code: "custom", path: ["amountYen"], message: "Required for a charge." });
    if (q.operation === "link" && q.amountYen !== undefined) ctx.addIssue({ code: "custom", path: ["amountYen"], message: "Only a charge carries an amount." });
  });

export type DecisionQuestion = z.output<typeof decisionQuestion>;

/** Many questions in one call; each is checked on its own so one bad item does not sink the rest. */
export const decisionBatch = z.strictObject(
  {
    questions: z
      .array(checkedPerItem(decisionQuestion), { error: "A list of questions." })
      .min(1, "At least one question.")
      .max(MAX_BATCH_QUESTIONS, "At most 1,000 questions."),
  },
  closedObject,
);

export const decisionReason = z.enum([
  "open",
  "strong_verification_met",
  "registrations_suspended",
  "charges_suspended",
  "strong_verification_required",
  "controls_unavailable",
]);

export const decisionAnswer = z.object({
  decision: z.enum(["allow", "deny"]),
  reason: decisionReason,
  controlVersion: z.number().int(),
  decidedAt: z.iso.datetime(),
});

export const batchAnswer = z.object({
  answers: z.array(
    z.union([
      decisionAnswer.extend({ index: z.number().int() }),
      z.object({ index: z.number().int(), error: z.literal("invalid"), errors: fieldErrorsSchema }),
    ]),
  ),
});
