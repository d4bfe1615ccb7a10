import { eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { apiKeys } from "@/db/schema";
import { seedOrganisationsAndStaff } from "@/db/seed";
import { DEMO_API_KEY } from "@/db/seed/staff";
import { API_KEY_ERRORS } from "@/lib/api-keys/schemas";
import { createApiKey, listApiKeys, revokeApiKey } from "@/lib/api-keys/service";
import type { StaffActor } from "@/lib/auth/actor";
import { CURSOR_ERROR } from "@/lib/http/cursor";
import { API_KEY_PREFIX, hashApiKey, loadApiKeyActor } from "@/lib/auth/api-key";
import { Conflict, Forbidden, NotFound } from "@/lib/errors";
import { errorToResponse } from "@/lib/http/problem";
import { describeEachDb } from "../support/db";
import { actorOf, meta, rejection } from "./support";

describeEachDb("API keys", (ctx) => {
  let bankAdmin: StaffActor;
  let carrierAdmin: StaffActor;

  beforeAll(async () => {
    await seedOrganisationsAndStaff(ctx.handle.db);
    bankAdmin = await actorOf(ctx.handle.db, "admin@bank0101.demo");
    carrierAdmin = await actorOf(ctx.handle.db, "admin@carrier.demo");
  });

  it("an API key is shown once, stored hashed, works, and stops working when revoked", async () => {
    const db = ctx.handle.db;
    const created = await createApiKey(bankAdmin, { name: "  Core banking (prod) ", scopes: ["read", "controls", "read"] });
    const value = created.value;
    expect(value.startsWith(API_KEY_PREFIX)).toBe(true);
    expect(value.length).toBeGreaterThanOrEqual(32);
    expect(created.apiKey).toMatchObject({
      name: "Core banking (prod)",
      scopes: ["read", "controls"],
      prefix: value.slice(0, 10),
      createdBy: { id: bankAdmin.userId, email: "admin@bank0101.demo" },
      lastUsedAt: null,
      revokedAt: null,
    });

    // Stored as a hash only: no column holds the key.
    const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, created.apiKey.id));
    expect(row!.keyHash).toBe(hashApiKey(value));
    expect(JSON.stringify(row)).not.toContain(value);
    expect(row!.orgId).toBe(bankAdmin.orgId);

    // Shown once: the list never carries it.
    const listed = await listApiKeys(bankAdmin);
    expect(JSON.stringify(listed)).not.toContain(value);
    expect(listed.items.map((k) => k.id)).toContain(created.apiKey.id);

    // It works, with the organisation's scope and the chosen scopes.
    const service = await loadApiKeyActor(db, value, meta);
    expect(service).toMatchObject({ kind: "service", apiKeyId: created.apiKey.id, orgId: bankAdmin.orgId, bankId: bankAdmin.bankId, scopes: ["read", "controls"] });
    const used = (await listApiKeys(bankAdmin)).items.find((k) => k.id === created.apiKey.id)!;
    expect(used.lastUsedAt).not.toBeNull();

    // Revoked: the next request with it is refused; revoking again is a conflict.
    const revoked = await revokeApiKey(bankAdmin, created.apiKey.id);
    expect(revoked.revokedAt).not.toBeNull();
    expect(revoked.revokedBy).toMatchObject({ id: bankAdmin.userId });
    expect(await loadApiKeyActor(db, value, meta)).toBeNull();
    const again = await rejection(revokeApiKey(bankAdmin, created.apiKey.id));
    expect(again).toBeInstanceOf(Conflict);
    expect(errorToResponse(again, "r").status).toBe(409);
    expect(again.fields).toEqual({ revokedAt: { code: API_KEY_ERRORS.alreadyRevoked } });
  });

  it("an admin sees and revokes only their own organisation's keys (another's is 404)", async () => {
    const db = ctx.handle.db;
    const [demo] = await db.select().from(apiKeys).where(eq(apiKeys.keyHash, hashApiKey(DEMO_API_KEY)));
    const bankList = await listApiKeys(bankAdmin);
    expect(bankList.items.map((k) => k.id)).not.toContain(demo!.id);
    const err = await rejection(revokeApiKey(bankAdmin, demo!.id));
    expect(err).toBeInstanceOf(NotFound);
    expect(await loadApiKeyActor(db, DEMO_API_KEY, meta)).not.toBeNull();
    expect((await listApiKeys(carrierAdmin)).items.map((k) => k.id)).toContain(demo!.id);
    expect(await rejection(revokeApiKey(bankAdmin, "nope"))).toBeInstanceOf(NotFound);
  });

  it("pages through the organisation's keys newest first without repeating one", async () => {
    for (let i = 0; i < 5; i++) await createApiKey(carrierAdmin, { name: `Batch ${i}`, scopes: ["events"] });
    const seen: string[] = [];
    for (let cursor: string | undefined, pages = 0; pages < 20; pages++) {
      const page = await listApiKeys(carrierAdmin, { cursor, limit: 2 });
      seen.push(...page.items.map((k) => k.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe((await listApiKeys(carrierAdmin, { limit: 100 })).items.length);
    expect(await rejection(listApiKeys(carrierAdmin, { cursor: "garbage" }))).toMatchObject({ status: 422, code: "invalid_cursor", fields: { cursor: { code: CURSOR_ERROR } } });
  });

  it("refuses a key without a name or a scope, naming each field", async () => {
    const err = await rejection(createApiKey(carrierAdmin, { name: " ", scopes: [] }));
    const body = (await errorToResponse(err, "r").json()) as { status: number; errors: Record<string, unknown> };
    expect(body.status).toBe(422);
    expect(body.errors).toMatchObject({ name: { code: API_KEY_ERRORS.required }, scopes: { code: API_KEY_ERRORS.scopes } });
  });

  it("non-admins and API keys are forbidden", async () => {
    const db = ctx.handle.db;
    const [demo] = await db.select().from(apiKeys).where(eq(apiKeys.keyHash, hashApiKey(DEMO_API_KEY)));
    const service = (await loadApiKeyActor(db, DEMO_API_KEY, meta))!;
    const actors = [await actorOf(db, "manager@carrier.demo"), await actorOf(db, "auditor@carrier.demo"), await actorOf(db, "operator@bank0101.demo"), service];
    for (const actor of actors) {
      for (const attempt of [() => listApiKeys(actor), () => createApiKey(actor, { name: "x", scopes: ["read"] }), () => revokeApiKey(actor, demo!.id)]) {
        const err = await rejection(attempt());
        expect(err).toBeInstanceOf(Forbidden);
        expect(err.status).toBe(403);
      }
    }
    expect(await loadApiKeyActor(db, DEMO_API_KEY, meta)).not.toBeNull();
  });
});
