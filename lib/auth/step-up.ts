import "server-only";
import { and, eq, isNull, lt, or } from "drizzle-orm";
import type { Queryable } from "@/db";
import { users } from "@/db/schema";
import { AppError, fieldError } from "@/lib/errors";
import type { StaffActor } from "./actor";
import { open } from "./secret-box";
import { matchTotpStep } from "./totp";

/**
 * Step-up: an action that moves money asks for a fresh one-time password in its body (`code`), even
 * inside a live session. The code is checked against the person's own authenticator and its time
 * step claimed exactly as sign-in claims it (users.totp_last_step, under the row's lock, in the
 * caller's transaction): each code works once, for sign-in or for a step-up, never for both. If the
 * caller's transaction fails, the claim goes with it (nothing was done with the code).
 */

/** Accepts each code once: the step is claimed only if it is later than the last one accepted. */
export async function claimTotpStep(db: Queryable, userId: string, step: number): Promise<boolean> {
  const claimed = await db
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
    .returning({ id: users.id });
  return claimed.length === 1;
}

/** The machine codes a refused step-up answers, on the `code` field (422). */
export const STEP_UP_REFUSALS = {
  required: "step_up_required",
  wrong: "step_up_wrong_code",
  reused: "step_up_reused_code",
  notEnrolled: "step_up_not_enrolled",
} as const;

function refuse(code: string, message: string): AppError {
  return new AppError(422, code, message, { code: fieldError(code) });
}

/** Checks the actor's fresh code and claims its step, or throws 422 naming `code`. */
export async function verifyStepUp(tx: Queryable, actor: StaffActor, code: string | null | undefined, now = Date.now()): Promise<void> {
  const c = (code ?? "").replace(/\s/g, "");
  if (!c) throw refuse(STEP_UP_REFUSALS.required, "This action needs a fresh one-time password from your authenticator (code).");
  const [user] = await tx.select({ secret: users.totpSecretEnc, last: users.totpLastStep }).from(users).where(eq(users.id, actor.userId)).for("update");
  if (!user?.secret) throw refuse(STEP_UP_REFUSALS.notEnrolled, "You have no authenticator set up: set one up at sign-in first.");
  const step = matchTotpStep(open(user.secret), c, now);
  if (step === null) throw refuse(STEP_UP_REFUSALS.wrong, "The one-time password is wrong or expired.");
  if ((user.last !== null && step <= user.last) || !(await claimTotpStep(tx, actor.userId, step))) {
    throw refuse(STEP_UP_REFUSALS.reused, "That one-time password was used already: wait for the next one.");
  }
}
