import crypto from "node:crypto";

/**
 * The hash a link's full account number is kept as (only it and the last four digits are stored).
 * It must equal the demo seed's (db/seed/cases.ts demoAccountHash, db/seed/population.ts in SQL):
 * SHA-256, hex, of bank code + branch code + 7-digit number, so an event can name a seeded link by
 * its account.
 */
export function accountHash(bankCode: string, branchCode: string, accountNumber: string): string {
  return crypto.createHash("sha256").update(`${bankCode}${branchCode}${accountNumber}`).digest("hex");
}
