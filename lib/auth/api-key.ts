import "server-only";
import crypto from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Queryable } from "@/db";
import { apiKeys, organisations } from "@/db/schema";
import { isDatabaseUnavailable, Unavailable } from "@/lib/errors";
import { actorOrg, type RequestMeta, type ServiceActor } from "./actor";

export const API_KEY_PREFIX = "lg_";

export function hashApiKey(key: string): string {
  return crypto.createHash("sha256").update(key).digest("hex");
}

export function newApiKeyValue(): string {
  return API_KEY_PREFIX + crypto.randomBytes(24).toString("base64url");
}

/** The holder of an API key: a service actor without the request it makes. */
export type ApiKeyHolder = Omit<ServiceActor, "request">;
/**
 * `until`: fresh until then (verified within the TTL); `refreshAt`: when a request that finds the
 * entry starts a lookup in the background (a fifth of the TTL before `until`); `verifiedAt`: when
 * the database last said so; `failedAt`: when a lookup last could not reach the database.
 */
type CacheEntry = { actor: ApiKeyHolder | null; until: number; refreshAt: number; epoch: number; verifiedAt: number; failedAt: number };
type DbCache = { entries: Map<string, CacheEntry>; pending: Map<string, { since: number; result: Promise<ApiKeyHolder | null> }> };

/**
 * Resolved keys are kept in memory for LINKGUARD_API_KEY_CACHE_MS (default 5000) per database, so
 * the decision path does not query api_keys on every request. A revocation reaches every process
 * at once: api_keys NOTIFYs 'linkguard_api_keys' with the key's id (migration 0011), which the
 * control snapshot's listening connection hears (lib/controls/snapshot.ts) and hands to
 * forgetApiKey(); a process whose listening connection was lost looks every key up again once it
 * is back, and the TTL is the safety net beside both.
 * While the database cannot be reached, a key verified within LINKGUARD_API_KEY_OUTAGE_MS (default
 * 15 minutes) keeps working from the cache (a lookup is waited for at most
 * LINKGUARD_API_KEY_LOOKUP_WAIT_MS, default 50); a key this process never verified gets a 503.
 * Unknown and revoked keys are remembered as well (bounded), so a flood of bad keys is not a flood
 * of queries.
 */
// On globalThis: Next may load this module once per route bundle, and a revocation must reach all.
const store = ((globalThis as { __linkguardApiKeyCache?: KeyStore }).__linkguardApiKeyCache ??= {
  cache: new WeakMap(),
  epoch: 0,
  forgottenIds: new Set(),
  lastTouched: new Map(),
  hashes: new Map(),
  revalidateBefore: 0,
  unreachableAt: -Infinity,
});
interface KeyStore {
  cache: WeakMap<object, DbCache>;
  /** Bumped by forgetApiKey() without an id: every entry made before is stale. */
  epoch: number;
  /** Keys dropped by id: their entries are ignored until a fresh lookup finds them valid. */
  forgottenIds: Set<string>;
  /** last_used_at is written at most once a minute per key, so a busy integration is not a write storm. */
  lastTouched: Map<string, number>;
  /** Key → its SHA-256, so a busy key is not hashed on every request (bounded like the cache). */
  hashes: Map<string, string>;
  /** Entries verified before this instant are looked up again (a revocation may have been missed), but still serve in an outage. */
  revalidateBefore: number;
  /** When a lookup last failed because the database could not be reached. */
  unreachableAt: number;
}

const CACHE_MAX = 10_000;
/** After a lookup could not reach the database, the next one for that key waits this long. */
const RETRY_AFTER_FAILURE_MS = 500;

function envMs(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return process.env[name] !== undefined && Number.isFinite(v) && v >= 0 ? v : fallback;
}
const cacheMs = () => envMs("LINKGUARD_API_KEY_CACHE_MS", 5_000);
const outageMs = () => envMs("LINKGUARD_API_KEY_OUTAGE_MS", 15 * 60_000);
const lookupWaitMs = () => envMs("LINKGUARD_API_KEY_LOOKUP_WAIT_MS", 50);

/** Drops cached keys (one key by id, or all): call it after revoking a key. */
export function forgetApiKey(apiKeyId?: string): void {
  if (apiKeyId) store.forgottenIds.add(apiKeyId);
  else store.epoch++;
}

/**
 * Every key is looked up again before it is trusted as fresh (the revocation channel was down, so
 * a revocation may have been missed); while the database cannot be reached they keep serving
 * within the outage bound, as any verified key does.
 */
export function revalidateApiKeys(): void {
  store.revalidateBefore = Date.now();
}

function hashOf(key: string): string {
  let hash = (store.hashes ??= new Map()).get(key);
  if (hash === undefined) {
    if (store.hashes.size >= CACHE_MAX) store.hashes.clear();
    store.hashes.set(key, (hash = hashApiKey(key)));
  }
  return hash;
}

/** Whether the entry may be used at all: not dropped by a revocation or forgetApiKey(). */
function usable(hit: CacheEntry): boolean {
  return hit.epoch === store.epoch && !(hit.actor && store.forgottenIds.has(hit.actor.apiKeyId));
}

/**
 * The key's holder from the cache: the holder, null for a key known to be bad, or undefined when the
 * cache cannot say (then loadApiKeyActor looks it up).
 */
function cachedApiKeyHolder(db: Queryable, key: string): ApiKeyHolder | null | undefined {
  if (!key.startsWith(API_KEY_PREFIX) || key.length > 200) return null;
  const cache = cacheOf(db);
  if (!cache) return undefined;
  const hash = hashOf(key);
  const now = Date.now();
  const hit = cache.entries.get(hash);
  if (!hit || hit.until <= now || hit.verifiedAt < store.revalidateBefore || !usable(hit)) return undefined;
  // Looked up again in the background shortly before it expires, so a busy key never waits.
  if (now >= hit.refreshAt && now - hit.failedAt >= RETRY_AFTER_FAILURE_MS) void lookup(db, cache, hash).catch(() => undefined);
  if (!hit.actor) return null;
  if (dueForTouch(hit.actor.apiKeyId, now)) void touch(db, hit.actor.apiKeyId, now, false);
  return hit.actor;
}

/**
 * The last database asked about and its cache: a server has one, and a WeakMap lookup per request
 * costs more than this check. It keeps that one database object alive (tests that swap databases
 * hold on to the previous one until the next call).
 */
let last: { db: object; cache: DbCache } | undefined;

function cacheOf(db: Queryable): DbCache | undefined {
  if (last?.db === db) return last.cache;
  const cache = store.cache.get(db);
  if (cache) last = { db, cache };
  return cache;
}

export async function loadApiKeyActor(db: Queryable, key: string, meta: RequestMeta): Promise<ServiceActor | null> {
  const cached = cachedApiKeyHolder(db, key);
  if (cached !== undefined) return cached && withRequest(cached, meta);
  let cache = store.cache.get(db);
  if (!cache) store.cache.set(db, (cache = { entries: new Map(), pending: new Map() }));
  const hash = hashOf(key);
  const now = Date.now();
  const hit = cache.entries.get(hash);
  // A key this process verified within the outage bound: answered from the cache when the
  // database does not confirm it in time (or cannot be reached).
  const verified = hit?.actor && usable(hit) && now - hit.verifiedAt < outageMs() ? hit.actor : null;
  if (!verified) {
    // Never verified here (or too long ago): only the database can say.
    if (now - store.unreachableAt < RETRY_AFTER_FAILURE_MS) {
      void lookup(db, cache, hash).catch(() => undefined);
      throw new Unavailable("The API key cannot be checked: the database is unavailable.");
    }
    try {
      const actor = await lookup(db, cache, hash);
      return actor ? withRequest(actor, meta) : null;
    } catch (e) {
      if (isDatabaseUnavailable(e)) throw new Unavailable("The API key cannot be checked: the database is unavailable.");
      throw e;
    }
  }
  if (now - hit!.failedAt < RETRY_AFTER_FAILURE_MS) return withRequest(verified, meta);
  const looking = lookup(db, cache, hash);
  const since = cache.pending.get(hash)?.since ?? now;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waited = await Promise.race([
    looking.then(
      (actor) => ({ actor }),
      (e: unknown) => {
        if (isDatabaseUnavailable(e)) return undefined;
        throw e;
      },
    ),
    new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), Math.max(0, since + lookupWaitMs() - now));
    }),
  ]).finally(() => clearTimeout(timer));
  if (waited) return waited.actor ? withRequest(waited.actor, meta) : null;
  return withRequest(verified, meta);
}

/**
 * The cached actor for this request: a class whose fields are copied one by one, so every request's
 * actor has the same shape and costs one small allocation (about 20 ns; Object.assign into a
 * literal, about 130 ns, measured on Node 20). Not a spread: on the decision path, V8 (Node 20)
 * kept the objects a per-request spread made alive through young-generation collections, and the
 * whole request's garbage was promoted with them (about 99% promotion, 20–70 ms pauses at 14,000
 * requests/s).
 */
class KeyActor implements ServiceActor {
  readonly kind = "service" as const;
  readonly apiKeyId: string;
  readonly keyName: string;
  readonly scopes: ServiceActor["scopes"];
  readonly orgId: string;
  readonly orgKind: ServiceActor["orgKind"];
  readonly bankId: string | null;
  readonly bankCode: string | null;
  readonly orgNameJa: string;
  readonly orgNameEn: string;
  constructor(
    actor: ApiKeyHolder,
    readonly request: RequestMeta,
  ) {
    this.apiKeyId = actor.apiKeyId;
    this.keyName = actor.keyName;
    this.scopes = actor.scopes;
    this.orgId = actor.orgId;
    this.orgKind = actor.orgKind;
    this.bankId = actor.bankId;
    this.bankCode = actor.bankCode;
    this.orgNameJa = actor.orgNameJa;
    this.orgNameEn = actor.orgNameEn;
  }
}

function withRequest(actor: ApiKeyHolder, meta: RequestMeta): ServiceActor {
  return new KeyActor(actor, meta);
}

/**
 * One query per key at a time: concurrent requests with the same key share it (no stampede on
 * expiry). A lookup that cannot reach the database leaves the entry as it was (marked failed).
 */
function lookup(db: Queryable, cache: DbCache, hash: string): Promise<ApiKeyHolder | null> {
  const running = cache.pending.get(hash);
  if (running) return running.result;
  const epoch = store.epoch;
  const started = Date.now();
  const ttl = cacheMs();
  const entry = (actor: ApiKeyHolder | null): CacheEntry => ({ actor, until: started + ttl, refreshAt: started + ttl - ttl / 5, epoch, verifiedAt: started, failedAt: -Infinity });
  const p = (async () => {
    try {
      const [row] = await db
        .select({ key: apiKeys, org: organisations })
        .from(apiKeys)
        .innerJoin(organisations, eq(organisations.id, apiKeys.orgId))
        .where(and(eq(apiKeys.keyHash, hash), isNull(apiKeys.revokedAt)));
      if (cache.entries.size >= CACHE_MAX) cache.entries.clear();
      if (!row) {
        cache.entries.set(hash, entry(null));
        return null;
      }
      store.forgottenIds.delete(row.key.id);
      await touch(db, row.key.id, started, true).catch(() => store.lastTouched.delete(row.key.id));
      const actor: ApiKeyHolder = {
        kind: "service",
        apiKeyId: row.key.id,
        keyName: row.key.name,
        scopes: row.key.scopes,
        ...actorOrg(row.org),
      };
      cache.entries.set(hash, entry(actor));
      return actor;
    } catch (e) {
      if (isDatabaseUnavailable(e)) {
        store.unreachableAt = Date.now();
        const hit = cache.entries.get(hash);
        if (hit) hit.failedAt = store.unreachableAt;
      }
      throw e;
    }
  })().finally(() => cache.pending.delete(hash));
  cache.pending.set(hash, { since: started, result: p });
  return p;
}

/** last_used_at is written at most once a minute per key. */
function dueForTouch(apiKeyId: string, now: number): boolean {
  return (store.lastTouched.get(apiKeyId) ?? 0) < now - 60_000;
}

async function touch(db: Queryable, apiKeyId: string, now: number, wait: boolean): Promise<void> {
  if (!dueForTouch(apiKeyId, now)) return;
  store.lastTouched.set(apiKeyId, now);
  const write = db.update(apiKeys).set({ lastUsedAt: sql`now()` }).where(eq(apiKeys.id, apiKeyId));
  // From the cache the write does not hold up the request; a failure only delays last_used_at.
  if (wait) await write;
  else void Promise.resolve(write).catch(() => store.lastTouched.delete(apiKeyId));
}
