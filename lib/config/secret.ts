import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { defaultDataDir } from "@/db";

/**
 * AUTH_SECRET signs session cookies and derives the key that encrypts TOTP secrets.
 * In production it must be set; the demo start (scripts/start.mjs) and the seed keep one in ./data.
 */
export function ensureAuthSecret(): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  const file = path.join(/*turbopackIgnore: true*/ defaultDataDir(), "auth-secret");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.randomBytes(32).toString("base64url"), { mode: 0o600 });
  process.env.AUTH_SECRET = fs.readFileSync(file, "utf8").trim();
  return process.env.AUTH_SECRET;
}

export function authSecret(): string {
  const s = process.env.AUTH_SECRET;
  if (!s) throw new Error("AUTH_SECRET is not set. Set it (openssl rand -base64 32) or start with `npm start`, which keeps one in ./data.");
  return s;
}
