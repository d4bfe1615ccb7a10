import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db, Queryable } from "@/db";
import { organisations, staffSessions, users, type User } from "@/db/schema";
import type { RequestMeta } from "./actor";
import { writeAudit } from "@/lib/audit/write";
import { dummyHash, hashPassword, passwordProblem, verifyPassword } from "./passwords";
import { open, seal } from "./secret-box";
import { matchTotpStep, newTotpSecret, otpauthUri } from "./totp";
import {
  clearFailures,
  delayMs,
  lockAccount,
  noticeFor,
  normaliseEmail,
  recordFailure,
  refused,
  standingOf,
  sourceOf,
  throttlePolicy,
  type Standing,
  type ThrottlePolicy,
} from "./throttle";
import { createSession } from "./sessions";
import { claimTotpStep } from "./step-up";

/**
 * Answers the sign-in form can get. Every failure is `invalid_credentials`, with the same body and
 * the same time: it tells nobody whether the e-mail exists, the password was right, or the source
 * is throttled. The other three come only with the right password of an account that has no second
 * factor yet (a first sign-in), where the password is all there is.
 */
export type SignInFailure = "invalid_credentials" | "enrolment_required" | "password_change_required" | "weak_password";

export interface SignInInput {
  email: string;
  password: string;
  code?: string;
  newPassword?: string;
}

export type SignInResult =
  | { ok: true; userId: string; sessionId: string; email: string; name: string }
  | { ok: false; failure: SignInFailure; detail?: string };

const INVALID = { ok: false, failure: "invalid_credentials" } as const;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function subject(email: string, meta: RequestMeta, user?: Pick<User, "id" | "orgId"> | null) {
  return { userId: user?.id ?? null, label: email, orgId: user?.orgId ?? null, request: meta };
}

/** What a step of an attempt decided: a failure (counted, audited, answered as INVALID) or an answer. */
type Verdict<T> = { failed: string } | { answer: T };

/**
 * One sign-in attempt, the same way whatever it asks (signing in, starting enrolment): the argon2
 * verification always runs (against a dummy hash for an unknown e-mail), then, under the account's
 * lock and in one transaction, the throttle's standing, the verdict, the failure count and audit,
 * or `decide`'s work; then the throttle's delay, and the answer no sooner than the floor.
 */
async function attempt<T>(
  db: Db,
  emailRaw: string,
  password: string,
  meta: RequestMeta,
  decide: (tx: Queryable, user: User, standing: Standing) => Promise<Verdict<T>>,
): Promise<T | typeof INVALID> {
  const started = Date.now();
  const policy = throttlePolicy();
  const email = normaliseEmail(emailRaw);
  const source = sourceOf(meta.ip);
  const [found] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.email, email));
  const verifiedHash = found?.passwordHash ?? (await dummyHash());
  const passwordRight = (await verifyPassword(verifiedHash, password)) && found !== undefined;

  const { answer, delay } = await db.transaction(async (tx) => {
    await lockAccount(tx, email);
    const standing = await standingOf(tx, email, source, policy);
    const delay = delayMs(standing, policy);
    const [user] = await tx.select().from(users).where(eq(users.email, email));
    let verdict: Verdict<T>;
    if (refused(standing, policy)) verdict = { failed: "throttled" };
    else if (!user) verdict = { failed: "unknown_email" };
    else if (!passwordRight || user.passwordHash !== verifiedHash) verdict = { failed: "wrong_password" };
    else if (user.status !== "active") verdict = { failed: "disabled" };
    else verdict = await decide(tx, user, standing);
    if ("answer" in verdict) return { answer: verdict.answer, delay };
    await failed(tx, email, source, verdict.failed, meta, user ?? null, standing, policy);
    return { answer: INVALID, delay };
  });
  const wait = Math.max(delay, started + policy.floorMs - Date.now());
  if (wait > 0) await sleep(wait);
  return answer;
}

/** Counts and audits a failure; the failure that puts an account past the slowing threshold is audited as an attack. */
async function failed(
  tx: Queryable,
  email: string,
  source: string,
  reason: string,
  meta: RequestMeta,
  user: User | null,
  standing: Standing,
  policy: ThrottlePolicy,
): Promise<void> {
  await recordFailure(tx, email, source, reason);
  const account = standing.account + 1;
  await writeAudit(tx, subject(email, meta, user), {
    action: "auth.sign_in_failed",
    entityType: "user",
    entityId: user?.id ?? null,
    after: { reason, failures: { source: standing.pair + 1, allSources: standing.source + 1, account } },
  });
  if (user && account === policy.accountSlowAfter) {
    await writeAudit(tx, subject(email, meta, user), {
      action: "auth.sign_in_attack",
      entityType: "user",
      entityId: user.id,
      after: { failures: account, windowMinutes: policy.windowMinutes, slowedUpToMs: policy.accountDelayCapMs },
    });
  }
}

/** Accepts each code once: the step is claimed under the account's lock, in the sign-in's transaction (the step-up's claim). */
const claimStep = claimTotpStep;

export async function signInWithPassword(db: Db, input: SignInInput, meta: RequestMeta): Promise<SignInResult> {
  const code = (input.code ?? "").replace(/\s/g, "");
  return attempt<SignInResult>(db, input.email, input.password, meta, async (tx, user) => {
    const enrolled = user.totpSecretEnc !== null;
    // With a second factor, the code comes before anything else: without it, the password alone says nothing.
    let step: number | null = null;
    if (enrolled) {
      if (!code) return { failed: "missing_code" };
      step = matchTotpStep(open(user.totpSecretEnc!), code);
      if (step === null) return { failed: "wrong_code" };
      if (user.totpLastStep !== null && step <= user.totpLastStep) return { failed: "reused_code" };
    }
    // A temporary password is replaced before anything else (the code is not spent until then).
    if (user.mustChangePassword) {
      if (!input.newPassword) return { answer: { ok: false, failure: "password_change_required" } };
      const problem = passwordProblem(input.newPassword);
      if (problem) return { answer: { ok: false, failure: "weak_password", detail: problem } };
      if (input.newPassword === input.password) {
        return { answer: { ok: false, failure: "weak_password", detail: "Choose a password different from the temporary one." } };
      }
    }
    if (!enrolled) {
      // A first sign-in: enrol a second factor, confirmed by a code from it.
      if (!user.totpPendingSecretEnc || !code) return { answer: { ok: false, failure: "enrolment_required" } };
      step = matchTotpStep(open(user.totpPendingSecretEnc), code);
      if (step === null) return { failed: "wrong_code" };
    }
    // Hashed before the first audit entry: the audit chain's lock is held from there to the commit.
    const newHash = user.mustChangePassword ? await hashPassword(input.newPassword!) : null;
    if (!(await claimStep(tx, user.id, step!))) return { failed: "reused_code" };

    if (!enrolled) {
      await tx
        .update(users)
        .set({ totpSecretEnc: user.totpPendingSecretEnc, totpPendingSecretEnc: null, totpConfirmedAt: sql`now()`, updatedAt: sql`now()` })
        .where(eq(users.id, user.id));
      await writeAudit(tx, subject(user.email, meta, user), { action: "auth.totp_enrolled", entityType: "user", entityId: user.id });
    }
    if (newHash) {
      await tx.update(users).set({ passwordHash: newHash, mustChangePassword: false, updatedAt: sql`now()` }).where(eq(users.id, user.id));
      await writeAudit(tx, subject(user.email, meta, user), { action: "auth.password_changed", entityType: "user", entityId: user.id });
    }
    const source = sourceOf(meta.ip);
    const notice = await noticeFor(tx, user.id, user.email, source);
    const sessionId = await createSession(tx, user, meta);
    if (notice) await tx.update(staffSessions).set({ signInNotice: notice }).where(eq(staffSessions.id, sessionId));
    await clearFailures(tx, user.email, source);
    await writeAudit(tx, subject(user.email, meta, user), {
      action: "auth.signed_in",
      entityType: "session",
      entityId: sessionId,
      ...(notice ? { after: { failedAttemptsNotice: notice } } : {}),
    });
    return { answer: { ok: true, userId: user.id, sessionId, email: user.email, name: user.displayName } };
  });
}

export interface Enrolment {
  secret: string;
  otpauthUri: string;
}

/**
 * Starts TOTP enrolment for a user who has none: a new secret, shown once. It becomes the user's
 * second factor when they sign in with a code from it. Throttled and answered as a sign-in is.
 */
export async function startEnrolment(
  db: Db,
  emailRaw: string,
  password: string,
  meta: RequestMeta,
): Promise<{ ok: true; enrolment: Enrolment } | { ok: false; failure: "invalid_credentials" }> {
  return attempt<{ ok: true; enrolment: Enrolment }>(db, emailRaw, password, meta, async (tx, user) => {
    // Someone with a second factor already cannot replace it by knowing the password alone.
    if (user.totpSecretEnc) return { failed: "already_enrolled" };
    const secret = newTotpSecret();
    await tx.update(users).set({ totpPendingSecretEnc: seal(secret), updatedAt: sql`now()` }).where(eq(users.id, user.id));
    await writeAudit(tx, subject(user.email, meta, user), { action: "auth.totp_enrolment_started", entityType: "user", entityId: user.id });
    return { answer: { ok: true, enrolment: { secret, otpauthUri: otpauthUri(secret, user.email) } } };
  });
}

export async function organisationOf(db: Db, userId: string) {
  const [row] = await db
    .select({ org: organisations })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.orgId))
    .where(eq(users.id, userId));
  return row?.org ?? null;
}
