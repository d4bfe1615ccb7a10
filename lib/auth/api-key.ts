import "server-only";
import crypto from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Queryable } from "@/db";
import { apiKeys, organisations } from "@/db/schema";
import type { RequestMeta, ServiceActor } from "./actor";

export const API_KEY_PREFIX = "lg_";

export function hashApiKey(key: string): string {
  return crypto.createHash("sha256").update(key).digest("hex");
}

export function newApiKeyValue(): string {
  return API_KEY_PREFIX + crypto.randomBytes(24).toString("base64url");
}

// last_used_at is written at most once a minute per key, so a busy integration is not a write storm.
const lastTouched = new Map<string, number>();

export async function loadApiKeyActor(db: Queryable, key: string, meta: RequestMeta): Promise<ServiceActor | null> {
  if (!key.startsWith(API_KEY_PREFIX) || key.length > 200) return null;
  const [row] = await db
    .select({ key: apiKeys, org: organisations })
    .from(apiKeys)
    .innerJoin(organisations, eq(organisations.id, apiKeys.orgId))
    .where(and(eq(apiKeys.keyHash, hashApiKey(key)), isNull(apiKeys.revokedAt)));
  if (!row) return null;
  const now = Date.now();
  if ((lastTouched.get(row.key.id) ?? 0) < now - 60_000) {
    lastTouched.set(row.key.id, now);
    await db.update(apiKeys).set({ lastUsedAt: sql`now()` }).where(eq(apiKeys.id, row.key.id));
  }
  const bank = row.org.kind === "bank";
  return {
    kind: "service",
    apiKeyId: row.key.id,
    keyName: row.key.name,
    scopes: row.key.scopes,
    orgId: row.org.id,
    orgKind: row.org.kind,
    bankId: bank ? row.org.id : null,
    bankCode: row.org.bankCode,
    orgNameJa: row.org.nameJa,
    orgNameEn: row.org.nameEn,
    request: meta,
  };
}
