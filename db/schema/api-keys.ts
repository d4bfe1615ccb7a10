import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organisations } from "./organisations";
import { users } from "./users";
import { apiKeyScope } from "./enums";

/** Keys for service integrations (the wallet platform, bank systems). Only a SHA-256 of the key is stored. */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organisations.id),
    name: text().notNull(),
    /** The first characters of the key, shown so people can tell keys apart. */
    prefix: text().notNull(),
    keyHash: text().notNull().unique(),
    scopes: apiKeyScope().array().notNull(),
    createdBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    revokedBy: uuid().references(() => users.id),
  },
  (t) => [index("api_keys_org_idx").on(t.orgId, t.createdAt)],
);

export type ApiKey = typeof apiKeys.$inferSelect;
