import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * The tamper-evident audit trail. Each row stores the hash of the previous row and of its own
 * canonical content (lib/audit/chain.ts); a trigger rejects UPDATE, DELETE and TRUNCATE.
 * No foreign keys: an entry must outlive anything it mentions.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    seq: bigserial({ mode: "number" }).primaryKey(),
    at: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    actorUserId: uuid(),
    actorApiKeyId: uuid(),
    actorLabel: text().notNull(),
    orgId: uuid(),
    /** The bank the entry concerns, for scoping bank admins' and auditors' views. */
    bankId: uuid(),
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: text(),
    before: jsonb(),
    after: jsonb(),
    requestId: text(),
    ip: text(),
    prevHash: text().notNull(),
    hash: text().notNull(),
  },
  (t) => [
    index("audit_log_org_idx").on(t.orgId, t.seq.desc()),
    index("audit_log_bank_idx").on(t.bankId, t.seq.desc()),
    index("audit_log_action_idx").on(t.action, t.seq.desc()),
    index("audit_log_entity_idx").on(t.entityType, t.entityId),
  ],
);

export type AuditEntry = typeof auditLog.$inferSelect;
