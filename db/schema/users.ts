import { bigint, index, integer, jsonb, pgTable, text, timestamp, uuid, boolean, inet, type AnyPgColumn } from "drizzle-orm/pg-core";
import { organisations } from "./organisations";
import { role, userStatus } from "./enums";

/** Staff who sign in to the console. Passwords are argon2id; TOTP secrets are encrypted at rest. */
export const users = pgTable(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organisations.id),
    email: text().notNull().unique(),
    displayName: text().notNull(),
    passwordHash: text().notNull(),
    mustChangePassword: boolean().notNull().default(false),
    totpSecretEnc: text(),
    totpPendingSecretEnc: text(),
    totpConfirmedAt: timestamp({ withTimezone: true }),
    /** The last TOTP time step accepted: a code is accepted once, and never an older one. */
    totpLastStep: bigint({ mode: "number" }),
    roles: role().array().notNull(),
    status: userStatus().notNull().default("active"),
    /** Bumped when roles change or the user is disabled: every session of an older version is void. */
    sessionVersion: integer().notNull().default(1),
    /**
     * The administrator who received this person's current temporary password: who created the
     * account, or did (or, for a manager's or admin's, approved) its last password or second-factor
     * reset. The person's own password change or enrolment leaves it: the issuer may have done it as
     * them. They neither ask for nor approve the person's manager or admin grant (lib/users/grants.ts).
     * Null for people from before it was kept (seeded, or created before migration 0017).
     */
    credentialsIssuedBy: uuid().references((): AnyPgColumn => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("users_org_idx").on(t.orgId, t.createdAt)],
);

/** One row per sign-in. The JWT cookie only carries the id; the row decides whether it is alive. */
export const staffSessions = pgTable(
  "staff_sessions",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    sessionVersion: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    endedAt: timestamp({ withTimezone: true }),
    endedReason: text(),
    ip: inet(),
    userAgent: text(),
    /** What the owner is told once this session starts: failed sign-ins on their account since the last one (lib/auth/throttle.ts). */
    signInNotice: jsonb().$type<SignInNotice>(),
  },
  (t) => [index("staff_sessions_user_idx").on(t.userId, t.createdAt)],
);

/** What a session's owner is told at sign-in about failed attempts on their account since their last sign-in. */
export interface SignInNotice {
  failures: number;
  sources: number;
  firstAt: string;
  lastAt: string;
}

/**
 * One row per failed sign-in: the e-mail as typed (whether or not it exists, so the answer reveals
 * nothing) and the source address. Counted per (e-mail, source), per source and per e-mail over a
 * sliding window (lib/auth/throttle.ts).
 */
export const signInFailures = pgTable(
  "sign_in_failures",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    email: text().notNull(),
    source: text().notNull(),
    reason: text().notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("sign_in_failures_email_idx").on(t.email, t.source, t.at), index("sign_in_failures_source_idx").on(t.source, t.at)],
);

export type User = typeof users.$inferSelect;
