import "server-only";
import crypto from "node:crypto";
import { authSecret } from "@/lib/config/secret";

/**
 * What a sealed value is for: each purpose has its own key derived from AUTH_SECRET, so a value
 * sealed for one cannot be opened as another.
 */
export type SealPurpose = "totp-secret-v1" | "idempotent-answer-v1";

/** AES-256-GCM with a key derived from AUTH_SECRET: TOTP secrets and stored answers are never kept in the clear. */
function key(purpose: SealPurpose): Buffer {
  return Buffer.from(crypto.hkdfSync("sha256", authSecret(), "linkguard", purpose, 32));
}

export function seal(plain: string, purpose: SealPurpose = "totp-secret-v1"): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key(purpose), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}

export function open(sealed: string, purpose: SealPurpose = "totp-secret-v1"): string {
  const [v, iv, tag, body] = sealed.split(".");
  if (v !== "v1" || !iv || !tag || body === undefined) throw new Error("Unreadable sealed value");
  const decipher = crypto.createDecipheriv("aes-256-gcm", key(purpose), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}
