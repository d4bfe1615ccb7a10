import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { getDb, type Queryable } from "@/db";
import { apiKeys, users } from "@/db/schema";
import type { Actor, StaffActor } from "@/lib/auth/actor";
import { forgetApiKey, hashApiKey, newApiKeyValue } from "@/lib/auth/api-key";
import { assertCan } from "@/lib/auth/policy";
import { writeAudit } from "@/lib/audit/write";
import { Conflict, NotFound, fieldError } from "@/lib/errors";
import { encodeInstantKey, isoMicros, isUuid, olderThan } from "@/lib/http/cursor";
import { pageQuery, type PageQuery } from "@/lib/users/schemas";
import { API_KEY_ERRORS, createApiKeyRequest, type ApiKeyPage, type ApiKeyView, type CreateApiKeyInput, type CreatedApiKey } from "./schemas";

/**
 * API keys of service integrations (the wallet platform, a bank's systems). An administrator
 * manages the keys of their own organisation; a key acts with that organisation's scope. The key
 * is shown once when it is made; only its SHA-256 is stored, and never written to the audit log.
 */

export const API_KEY_PAGE_SIZE = 50;
/** Shown in lists so people can tell keys apart ("lg_" and seven random characters). */
const PREFIX_LENGTH = 10;

const creator = alias(users, "api_key_creator");
const revoker = alias(users, "api_key_revoker");

function person(p: { id: string | null; email: string | null; displayName: string | null }) {
  return p.id && p.email !== null && p.displayName !== null ? { id: p.id, email: p.email, displayName: p.displayName } : null;
}

async function selectKeys(q: Queryable, actor: StaffActor, where: ReturnType<typeof and>, limit: number) {
  const rows = await q
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      scopes: apiKeys.scopes,
      createdAt: apiKeys.createdAt,
      cursorAt: isoMicros(apiKeys.createdAt),
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
      creatorId: creator.id,
      creatorEmail: creator.email,
      creatorName: creator.displayName,
      revokerId: revoker.id,
      revokerEmail: revoker.email,
      revokerName: revoker.displayName,
    })
    .from(apiKeys)
    .leftJoin(creator, eq(creator.id, apiKeys.createdBy))
    .leftJoin(revoker, eq(revoker.id, apiKeys.revokedBy))
    .where(and(eq(apiKeys.orgId, actor.orgId), where))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
    .limit(limit);
  return rows.map((r) => ({
    cursorAt: r.cursorAt,
    view: {
      id: r.id,
      name: r.name,
      prefix: r.prefix,
      scopes: r.scopes,
      createdBy: person({ id: r.creatorId, email: r.creatorEmail, displayName: r.creatorName }),
      createdAt: r.createdAt.toISOString(),
      lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
      revokedAt: r.revokedAt?.toISOString() ?? null,
      revokedBy: person({ id: r.revokerId, email: r.revokerEmail, displayName: r.revokerName }),
    } satisfies ApiKeyView,
  }));
}

async function keyById(q: Queryable, actor: StaffActor, keyId: string): Promise<ApiKeyView> {
  const [row] = await selectKeys(q, actor, eq(apiKeys.id, keyId), 1);
  if (!row) throw new NotFound("API key");
  return row.view;
}

/** The organisation's keys, revoked ones included, newest first, keyset-paged by (created_at, id). */
export async function listApiKeys(actor: Actor, query: PageQuery = {}): Promise<ApiKeyPage> {
  assertCan(actor, "api_keys.manage");
  const q = pageQuery.parse(query);
  const limit = q.limit ?? API_KEY_PAGE_SIZE;
  const rows = await selectKeys(await getDb(), actor, olderThan(apiKeys.createdAt, apiKeys.id, q.cursor), limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => r.view),
    nextCursor: rows.length > limit && last ? encodeInstantKey({ at: last.cursorAt, key: last.view.id }) : null,
  };
}

/** A new key for the actor's organisation. The value is in this answer only. */
export async function createApiKey(actor: Actor, input: CreateApiKeyInput): Promise<CreatedApiKey> {
  assertCan(actor, "api_keys.manage");
  const data = createApiKeyRequest.parse(input);
  const value = newApiKeyValue();
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({ orgId: actor.orgId, name: data.name, prefix: value.slice(0, PREFIX_LENGTH), keyHash: hashApiKey(value), scopes: data.scopes, createdBy: actor.userId })
      .returning({ id: apiKeys.id, prefix: apiKeys.prefix });
    await writeAudit(tx, actor, {
      action: "api_keys.created",
      entityType: "api_key",
      entityId: row!.id,
      bankId: actor.bankId,
      after: { name: data.name, prefix: row!.prefix, scopes: data.scopes },
    });
    return { apiKey: await keyById(tx, actor, row!.id), value };
  });
}

/**
 * Revokes a key: the next request made with it in this process is refused; other processes drop
 * it as the revocation's NOTIFY reaches them (migration 0011), at the latest when their short key
 * cache runs out (LINKGUARD_API_KEY_CACHE_MS, lib/auth/api-key.ts).
 */
export async function revokeApiKey(actor: Actor, keyId: string): Promise<ApiKeyView> {
  assertCan(actor, "api_keys.manage");
  if (!isUuid(keyId)) throw new NotFound("API key");
  const db = await getDb();
  const view = await db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.id, keyId), eq(apiKeys.orgId, actor.orgId)))
      .for("update");
    if (!current) throw new NotFound("API key");
    if (current.revokedAt) throw new Conflict("This key is already revoked.", { revokedAt: fieldError(API_KEY_ERRORS.alreadyRevoked) });
    await tx.update(apiKeys).set({ revokedAt: sql`now()`, revokedBy: actor.userId }).where(eq(apiKeys.id, current.id));
    await writeAudit(tx, actor, {
      action: "api_keys.revoked",
      entityType: "api_key",
      entityId: current.id,
      bankId: actor.bankId,
      before: { name: current.name, prefix: current.prefix, scopes: current.scopes, revoked: false },
      after: { name: current.name, prefix: current.prefix, scopes: current.scopes, revoked: true },
    });
    return keyById(tx, actor, current.id);
  });
  // After the commit: a lookup between forgetting and committing would cache the key as valid again.
  forgetApiKey(view.id);
  return view;
}
