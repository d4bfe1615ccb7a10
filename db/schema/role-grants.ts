import { sql } from "drizzle-orm";
import { check, index, pgTable, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { staffApprovalColumns } from "./approval-columns";
import { organisations } from "./organisations";
import { users } from "./users";
import { role } from "./enums";

/**
 * A grant of `manager` or `admin` waits for a second administrator (four-eyes): an admin of the
 * same organisation other than the maker and the grantee, or, for a bank with no such admin, one of
 * the carrier's. Until it is applied the person keeps only their other roles. The generic columns
 * (status … decision_note) are those of every approval (lib/approvals).
 */
export const roleGrants = pgTable(
  "role_grants",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organisations.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    /** The roles added when the grant is applied (manager, admin). */
    roles: role().array().notNull(),
    ...staffApprovalColumns(),
  },
  (t) => [
    // The maker never decides their own grant (the service refuses it first; this is the last word).
    check("role_grant_maker_is_not_checker", sql`${t.status} in ('pending', 'cancelled') or ${t.decidedBy} <> ${t.requestedBy}`),
    index("role_grants_org_idx").on(t.orgId, t.status, t.requestedAt.desc()),
    // One open grant per person: a second one is a revision of the first.
    uniqueIndex("role_grants_one_open_per_user").on(t.userId).where(sql`${t.status} in ('pending', 'approved')`),
  ],
);
