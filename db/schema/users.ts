import { bigint, index, integer, pgTable, text, timestamp, uuid, boolean, inet } from "drizzle-orm/pg-core";
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
  },
  (t) => [index("staff_sessions_user_idx").on(t.userId, t.createdAt)],
);

/** Failed sign-ins per e-mail, whether or not the e-mail exists, so the answer reveals nothing. */
export const signInThrottle = pgTable("sign_in_throttle", {
  email: text().primaryKey(),
  failures: integer().notNull().default(0),
  lastFailureAt: timestamp({ withTimezone: true }),
  lockedUntil: timestamp({ withTimezone: true }),
});

export type User = typeof users.$inferSelect;
