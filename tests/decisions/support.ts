import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { apiKeys, bankControls, organisations, type ApiKeyScope } from "@/db/schema";
import { hashApiKey, newApiKeyValue } from "@/lib/auth/api-key";
import type { ServiceActor } from "@/lib/auth/actor";

export interface TestBank {
  id: string;
  code: string;
}

/** A bank with a random unused code and both control rows (open), as the seed writes them. */
export async function makeBank(db: Db): Promise<TestBank> {
  for (;;) {
    const code = String(crypto.randomInt(0, 10_000)).padStart(4, "0");
    const rows = await db
      .insert(organisations)
      .values({ kind: "bank", nameJa: `銀行${code}`, nameEn: `Bank ${code}`, bankCode: code })
      .onConflictDoNothing()
      .returning({ id: organisations.id });
    if (!rows[0]) continue;
    await db.insert(bankControls).values([
      { bankId: rows[0].id, control: "registrations" },
      { bankId: rows[0].id, control: "charges" },
    ]);
    return { id: rows[0].id, code };
  }
}

export async function carrierId(db: Db): Promise<string> {
  const [c] = await db.select({ id: organisations.id }).from(organisations).where(sql`${organisations.kind} = 'carrier'`);
  if (c) return c.id;
  const [n] = await db.insert(organisations).values({ kind: "carrier", nameJa: "キャリア", nameEn: "Carrier" }).returning({ id: organisations.id });
  return n!.id;
}

/** An API key of an organisation (the carrier by default) and its actor. */
export async function makeKey(db: Db, scopes: ApiKeyScope[], orgId?: string): Promise<{ key: string; id: string; actor: ServiceActor }> {
  const org = orgId ?? (await carrierId(db));
  const key = newApiKeyValue();
  const [row] = await db
    .insert(apiKeys)
    .values({ orgId: org, name: `test key ${key.slice(3, 9)}`, prefix: key.slice(0, 10), keyHash: hashApiKey(key), scopes })
    .returning({ id: apiKeys.id });
  const [o] = await db.select().from(organisations).where(sql`${organisations.id} = ${org}`);
  const actor: ServiceActor = {
    kind: "service",
    apiKeyId: row!.id,
    keyName: "test key",
    scopes,
    orgId: org,
    orgKind: o!.kind,
    bankId: o!.kind === "bank" ? org : null,
    bankCode: o!.bankCode,
    orgNameJa: o!.nameJa,
    orgNameEn: o!.nameEn,
    request: { requestId: `req-${crypto.randomUUID()}`, ip: "192.0.2.10" },
  };
  return { key, id: row!.id, actor };
}

/** A control change the way lib/controls writes one: next global version, now. */
export async function setControl(db: Db, bankId: string, control: "registrations" | "charges", state: "open" | "strong_only" | "suspended"): Promise<number> {
  const rows = await db.execute(
    sql`update bank_controls set state = ${state}, version = nextval('control_version_seq'), changed_at = now(), reason = 'test'
        where bank_id = ${bankId} and control = ${control} returning version`,
  );
  return Number((rows as unknown as { rows: { version: number | string }[] }).rows[0]!.version);
}

/** Polls until `check` is true or `ms` passes; returns the milliseconds it took (Infinity on time-out). */
export async function waitFor(check: () => Promise<boolean> | boolean, ms: number, every = 10): Promise<number> {
  const start = performance.now();
  while (performance.now() - start < ms) {
    if (await check()) return performance.now() - start;
    await new Promise((r) => setTimeout(r, every));
  }
  return (await check()) ? performance.now() - start : Infinity;
}

export function jsonRequest(path: string, body: unknown, key?: string, headers: Record<string, string> = {}): Request {
  return new Request(`http://localhost${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}
