import type { users } from "@/db/schema";

/** What the audit log keeps of a person: never a password, hash or second-factor secret. */
export function auditView(u: typeof users.$inferSelect) {
  return {
    email: u.email,
    displayName: u.displayName,
    roles: u.roles,
    status: u.status,
    mustChangePassword: u.mustChangePassword,
    enrolled: u.totpConfirmedAt !== null && u.totpSecretEnc !== null,
  };
}
