import "server-only";
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { organisations, users, type User } from "@/db/schema";
import type { RequestMeta } from "./actor";
import { recordAudit, writeAudit } from "@/lib/audit/write";
import { dummyHash, hashPassword, passwordProblem, verifyPassword } from "./passwords";
import { open, seal } from "./secret-box";
import { matchTotpStep, newTotpSecret, otpauthUri } from "./totp";
import { clearFailures, failureDelayMs, lockedUntil, normaliseEmail, recordFailure } from "./throttle";
import { createSession } from "./sessions";

/** Answers the sign-in form can get. None of them tells whether an e-mail exists. */
export type SignInFailure =
  | "invalid_credentials"
  | "locked"
  | "enrolment_required"
  | "password_change_required"
  | "weak_password";

export interface SignInInput {
  email: string;
  password: string;
  code?: string;
  newPassword?: string;
}

export type SignInResult =
  | { ok: true; userId: string; sessionId: string; email: string; name: string }
  | { ok: false; failure: SignInFailure; detail?: string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function subject(email: string, meta: RequestMeta, user?: Pick<User, "id" | "orgId">) {
  return { userId: user?.id ?? null, label: email, orgId: user?.orgId ?? null, request: meta };
}

async function fail(db: Db, email: string, meta: RequestMeta, reason: string, user?: User): Promise<SignInResult> {
  const { failures, locked } = await recordFailure(db, email);
  await recordAudit(db, subject(email, meta, user), {
    action: "auth.sign_in_failed",
    entityType: "user",
    entityId: user?.id ?? null,
    bankId: null,
    after: { reason, failures, locked },
  });
  await sleep(failureDelayMs(failures));
  return { ok: false, failure: locked ? "locked" : "invalid_credentials" };
}

/** Password check shared by sign-in and enrolment: throttled, constant-time on unknown e-mails. */
async function checkPassword(
  db: Db,
  emailRaw: string,
  password: string,
  meta: RequestMeta,
): Promise<{ user: User } | { result: SignInResult }> {
  const email = normaliseEmail(emailRaw);
  if (await lockedUntil(db, email)) {
    await recordAudit(db, subject(email, meta), { action: "auth.sign_in_refused_locked", entityType: "user" });
    return { result: { ok: false, failure: "locked" } };
  }
  const [user] = await db.select().from(users).where(eq(users.email, email));
  const good = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
  if (!user || !good) return { result: await fail(db, email, meta, user ? "wrong_password" : "unknown_email", user) };
  if (user.status !== "active") return { result: await fail(db, email, meta, "disabled", user) };
  return { user };
}

export async function signInWithPassword(db: Db, input: SignInInput, meta: RequestMeta): Promise<SignInResult> {
  const email = normaliseEmail(input.email);
  const checked = await checkPassword(db, email, input.password, meta);
  if ("result" in checked) return checked.result;
  const user = checked.user;
  const code = (input.code ?? "").replace(/\s/g, "");

  // A temporary password is replaced before anything else (checked before the code, so the code is not spent).
  if (user.mustChangePassword) {
    if (!input.newPassword) return { ok: false, failure: "password_change_required" };
    const problem = passwordProblem(input.newPassword);
    if (problem) return { ok: false, failure: "weak_password", detail: problem };
    if (input.newPassword === input.password) return { ok: false, failure: "weak_password", detail: "Choose a password different from the temporary one." };
  }

  // Second factor: enrol first if there is none yet.
  const sealed = user.totpSecretEnc ?? user.totpPendingSecretEnc;
  if (!user.totpSecretEnc && !user.totpPendingSecretEnc) return { ok: false, failure: "enrolment_required" };
  if (!code) return { ok: false, failure: user.totpSecretEnc ? "invalid_credentials" : "enrolment_required" };
  const step = matchTotpStep(open(sealed!), code);
  if (step === null) return fail(db, email, meta, "wrong_code", user);
  // Accept each code once: the step must be later than the last accepted one (atomic on PostgreSQL).
  const claimed = await db
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, user.id), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
    .returning({ id: users.id });
  if (claimed.length === 0) return fail(db, email, meta, "reused_code", user);

  const newHash = user.mustChangePassword ? await hashPassword(input.newPassword!) : null;
  const sessionId = await db.transaction(async (tx) => {
    const enrolling = !user.totpSecretEnc;
    if (enrolling) {
      await tx
        .update(users)
        .set({ totpSecretEnc: user.totpPendingSecretEnc, totpPendingSecretEnc: null, totpConfirmedAt: sql`now()`, updatedAt: sql`now()` })
        .where(eq(users.id, user.id));
      await writeAudit(tx, subject(email, meta, user), { action: "auth.totp_enrolled", entityType: "user", entityId: user.id });
    }
    if (newHash) {
      await tx.update(users).set({ passwordHash: newHash, mustChangePassword: false, updatedAt: sql`now()` }).where(eq(users.id, user.id));
      await writeAudit(tx, subject(email, meta, user), { action: "auth.password_changed", entityType: "user", entityId: user.id });
    }
    const id = await createSession(tx, user, meta);
    await writeAudit(tx, subject(email, meta, user), { action: "auth.signed_in", entityType: "session", entityId: id });
    return id;
  });
  await clearFailures(db, email);
  return { ok: true, userId: user.id, sessionId, email: user.email, name: user.displayName };
}

export interface Enrolment {
  secret: string;
  otpauthUri: string;
}

/**
 * Starts TOTP enrolment for a user who has none: a new secret, shown once. It becomes the user's
 * second factor when they sign in with a code from it.
 */
export async function startEnrolment(
  db: Db,
  emailRaw: string,
  password: string,
  meta: RequestMeta,
): Promise<{ ok: true; enrolment: Enrolment } | { ok: false; failure: SignInFailure }> {
  const checked = await checkPassword(db, emailRaw, password, meta);
  if ("result" in checked) return { ok: false, failure: (checked.result as { failure: SignInFailure }).failure };
  const user = checked.user;
  // Someone with a second factor already cannot replace it by knowing the password alone.
  if (user.totpSecretEnc) return { ok: false, failure: "invalid_credentials" };
  const secret = newTotpSecret();
  await db.transaction(async (tx) => {
    await tx.update(users).set({ totpPendingSecretEnc: seal(secret), updatedAt: sql`now()` }).where(eq(users.id, user.id));
    await writeAudit(tx, subject(user.email, meta, user), { action: "auth.totp_enrolment_started", entityType: "user", entityId: user.id });
  });
  return { ok: true, enrolment: { secret, otpauthUri: otpauthUri(secret, user.email) } };
}

export async function organisationOf(db: Db, userId: string) {
  const [row] = await db
    .select({ org: organisations })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.orgId))
    .where(eq(users.id, userId));
  return row?.org ?? null;
}
