import { sql } from "drizzle-orm";
import { boolean, check, index, pgTable, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { staffApprovalColumns } from "./approval-columns";
import { organisations } from "./organisations";
import { users } from "./users";

/**
 * A reset of the password (and, if asked, the second factor) of someone who holds or is being
 * granted `manager` or `admin` waits for a second administrator (four-eyes), on the same terms as a
 * role grant. Nothing of the account changes until it is approved; the temporary password is made
 * then and shown once, to the approver only. The generic columns (status … decision_note) are
 * those of every approval (lib/approvals).
 */
export const credentialResets = pgTable(
  "credential_resets",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organisations.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    /** Also forget the second factor: the person enrols a new authenticator. */
    resetTotp: boolean().notNull().default(false),
    ...staffApprovalColumns(),
  },
  (t) => [
    // The maker never decides their own reset (the service refuses it first; this is the last word).
    check("credential_reset_maker_is_not_checker", sql`${t.status} in ('pending', 'cancelled') or ${t.decidedBy} <> ${t.requestedBy}`),
    // Nobody decides a reset of their own account.
    check("credential_reset_not_by_its_subject", sql`${t.decidedBy} is null or ${t.decidedBy} <> ${t.userId} or ${t.status} = 'cancelled'`),
    index("credential_resets_org_idx").on(t.orgId, t.status, t.requestedAt.desc()),
    // One open reset per person: asking again is a revision of it.
    uniqueIndex("credential_resets_one_open_per_user").on(t.userId).where(sql`${t.status} in ('pending', 'approved')`),
  ],
);
