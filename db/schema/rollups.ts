import { bigint, date, index, pgTable, primaryKey, uuid } from "drizzle-orm/pg-core";
import { organisations } from "./organisations";
import { merchantCategory } from "./enums";

/** Per bank per Japan-time day: what the loss charts read instead of scanning transactions. */
export const dailyBankRollups = pgTable(
  "daily_bank_rollups",
  {
    day: date({ mode: "string" }).notNull(),
    bankId: uuid()
      .notNull()
      .references(() => organisations.id),
    chargesCount: bigint({ mode: "number" }).notNull().default(0),
    chargesYen: bigint({ mode: "number" }).notNull().default(0),
    paymentsYen: bigint({ mode: "number" }).notNull().default(0),
    newLinks: bigint({ mode: "number" }).notNull().default(0),
    casesOpened: bigint({ mode: "number" }).notNull().default(0),
    fraudLossYen: bigint({ mode: "number" }).notNull().default(0),
    reimbursedYen: bigint({ mode: "number" }).notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.day, t.bankId] }),
    // A bank's days in order: the burst rule's usual rate (lib/rules/detect.ts) sums its last N days.
    index("daily_bank_rollups_bank_day_idx").on(t.bankId, t.day),
  ],
);

/** Fraudulent spending per day, bank and merchant category. */
export const dailyCategoryRollups = pgTable(
  "daily_category_rollups",
  {
    day: date({ mode: "string" }).notNull(),
    bankId: uuid()
      .notNull()
      .references(() => organisations.id),
    category: merchantCategory().notNull(),
    fraudPaymentsYen: bigint({ mode: "number" }).notNull().default(0),
    fraudPaymentsCount: bigint({ mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.bankId, t.category] })],
);
