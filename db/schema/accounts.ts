import { sql } from "drizzle-orm";
import { bigint, char, check, index, inet, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organisations } from "./organisations";
import { accountType, linkStatus, merchantCategory, transactionKind, verificationMethod, walletStatus } from "./enums";

/** An e-money wallet: registered with nothing but an e-mail address. */
export const wallets = pgTable(
  "wallets",
  {
    id: text().primaryKey(),
    email: text().notNull(),
    status: walletStatus().notNull().default("active"),
    registeredAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("wallets_email_idx").on(t.email.op("text_pattern_ops")),
    // The accounts search: a wallet id prefix, and an e-mail prefix in any case.
    index("wallets_id_pattern_idx").on(t.id.op("text_pattern_ops")),
    index("wallets_email_lower_idx").on(sql`lower(${t.email}) text_pattern_ops`),
  ],
);

/** A wallet ↔ bank account connection. The full account number is never stored, only its last four digits and a keyed hash. */
export const linkedAccounts = pgTable(
  "linked_accounts",
  {
    id: uuid().primaryKey().defaultRandom(),
    walletId: text()
      .notNull()
      .references(() => wallets.id),
    bankId: uuid()
      .notNull()
      .references(() => organisations.id),
    branchCode: char({ length: 3 }).notNull(),
    accountType: accountType().notNull(),
    accountLast4: char({ length: 4 }).notNull(),
    accountHash: text().notNull(),
    /** As the bank holds it: full- or half-width katakana. */
    holderNameKana: text().notNull(),
    /** NFKC-normalised (full-width) holder name without spaces, for search. */
    holderNameSearch: text().notNull(),
    verification: verificationMethod().notNull(),
    /** The device and address the link was made from, as the wallet platform reported them (optional). */
    deviceId: text(),
    ipAddress: inet(),
    status: linkStatus().notNull().default("active"),
    linkedAt: timestamp({ withTimezone: true }).notNull(),
    removedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("branch_code_digits", sql`${t.branchCode} ~ '^[0-9]{3}$'`),
    check("account_last4_digits", sql`${t.accountLast4} ~ '^[0-9]{4}$'`),
    index("linked_accounts_bank_created_idx").on(t.bankId, t.createdAt.desc(), t.id.desc()),
    // verification trails the keys so the blast radius of a control counts links by method from the index alone.
    // The three linked-at indexes also INCLUDE the columns the accounts list filters on (holder name,
    // status, bank): migration 0008, which drizzle cannot declare here; the holder index INCLUDEs
    // the id (0009).
    index("linked_accounts_bank_linked_idx").on(t.bankId, t.linkedAt.desc(), t.id.desc(), t.verification),
    index("linked_accounts_linked_idx").on(t.linkedAt.desc(), t.id.desc()),
    index("linked_accounts_wallet_idx").on(t.walletId),
    // Links made from one device or address (the multi-bank rule, related cases), newest first.
    index("linked_accounts_device_idx")
      .on(t.deviceId, t.linkedAt.desc())
      .where(sql`${t.deviceId} is not null`),
    index("linked_accounts_ip_idx")
      .on(t.ipAddress, t.linkedAt.desc())
      .where(sql`${t.ipAddress} is not null`),
    index("linked_accounts_hash_idx").on(t.accountHash),
    index("linked_accounts_last4_idx").on(t.accountLast4),
    index("linked_accounts_holder_idx").on(t.holderNameSearch.op("text_pattern_ops")),
    index("linked_accounts_status_idx").on(t.bankId, t.status, t.linkedAt.desc(), t.id.desc(), t.verification),
    // Frozen and removed links are few: every bank's in linked-at order, for the carrier's status filter.
    index("linked_accounts_inactive_idx")
      .on(t.linkedAt.desc(), t.id.desc())
      .where(sql`${t.status} <> 'active'`),
  ],
);

/** Money movements. bank_id is denormalised from the link so every read can be scoped to a bank cheaply. */
export const transactions = pgTable(
  "transactions",
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: transactionKind().notNull(),
    // No foreign keys to wallets and links: on every insert they lock the parent rows (FOR KEY
    // SHARE writes to a random page of each, with WAL), about 40% of an events batch's insert.
    // The events ingestion resolves both in the same transaction, and a trigger refuses to delete
    // a wallet or link that transactions name (migration 0010).
    walletId: text().notNull(),
    linkedAccountId: uuid(),
    bankId: uuid().references(() => organisations.id),
    amountYen: bigint({ mode: "number" }).notNull(),
    merchantName: text(),
    merchantCategory: merchantCategory(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    /** The event's id as its sender gave it (unique per sender in wallet_events, not here). */
    externalEventId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("amount_positive", sql`${t.amountYen} > 0`),
    index("transactions_link_idx").on(t.linkedAccountId, t.occurredAt.desc(), t.id.desc()),
    // kind, amount and link trail the keys: a bank's charges of the last day or week are summed from the index alone (blast radius).
    index("transactions_bank_idx").on(t.bankId, t.occurredAt.desc(), t.kind, t.amountYen, t.linkedAccountId),
  ],
);

/**
 * Every wallet-platform event accepted by POST /api/v1/events, by the sending organisation and the
 * event's own id: a replay changes nothing, and one organisation's ids never collide with (or
 * claim) another's.
 */
export const walletEvents = pgTable(
  "wallet_events",
  {
    /** The organisation of the API key that sent it. */
    orgId: uuid().notNull(),
    eventId: text().notNull(),
    kind: text().notNull(),
    apiKeyId: uuid(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.eventId] })],
);

export type Wallet = typeof wallets.$inferSelect;
export type LinkedAccount = typeof linkedAccounts.$inferSelect;
export type Transaction = typeof transactions.$inferSelect;
