import { sql } from "drizzle-orm";
import { char, check, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { orgKind } from "./enums";

/** The carrier (one row) and each partner bank. A bank is an organisation with a 4-digit zengin code. */
export const organisations = pgTable(
  "organisations",
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: orgKind().notNull(),
    nameJa: text().notNull(),
    nameEn: text().notNull(),
    bankCode: char({ length: 4 }).unique(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("bank_has_code", sql`(${t.kind} = 'bank') = (${t.bankCode} IS NOT NULL)`),
    check("bank_code_digits", sql`${t.bankCode} IS NULL OR ${t.bankCode} ~ '^[0-9]{4}$'`),
    index("organisations_kind_idx").on(t.kind),
  ],
);

export type Organisation = typeof organisations.$inferSelect;
