import crypto from "node:crypto";
import { sql, type SQL } from "drizzle-orm";
import { authSecret } from "@/lib/config/secret";

/**
 * The hash a link's full account number is kept as (only it and the last four digits are stored):
 * HMAC-SHA256, hex, of bank code + branch code + 7-digit number, under a key derived from
 * AUTH_SECRET. Keyed, because there are only about 10^10 account numbers per bank code: an
 * unkeyed hash in a copy of the database would give every number back in minutes. The same
 * AUTH_SECRET must be used everywhere the database is (it already seals the TOTP secrets); an
 * event names a seeded link by its account only under the secret the seed ran with.
 */
let cached: { secret: string; key: Buffer } | undefined;

/** The HMAC key, derived from AUTH_SECRET (and derived again if it changes, as in tests). */
function hashKey(): Buffer {
  const secret = authSecret();
  if (cached?.secret !== secret) cached = { secret, key: Buffer.from(crypto.hkdfSync("sha256", secret, "linkguard", "account-hash-v1", 32)) };
  return cached.key;
}

export function accountHash(bankCode: string, branchCode: string, accountNumber: string): string {
  return crypto.createHmac("sha256", hashKey()).update(`${bankCode}${branchCode}${accountNumber}`).digest("hex");
}

/**
 * The same HMAC in SQL, for the seed's set-based inserts: HMAC(K, m) = H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m)),
 * K zero-padded to SHA-256's 64-byte block, with PostgreSQL's built-in sha256 (no extension).
 * `text` is bank code ‖ branch code ‖ number.
 */
export function accountHashSql(text: SQL): SQL {
  const key = Buffer.alloc(64);
  hashKey().copy(key);
  const inner = Buffer.from(key.map((b) => b ^ 0x36)).toString("hex");
  const outer = Buffer.from(key.map((b) => b ^ 0x5c)).toString("hex");
  return sql`encode(sha256(decode(${outer}, 'hex') || sha256(decode(${inner}, 'hex') || convert_to(${text}, 'UTF8'))), 'hex')`;
}
