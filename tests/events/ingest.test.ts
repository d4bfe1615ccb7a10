import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { beforeAll, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { describeEachDb } from "@/tests/support/db";
import type { Db } from "@/db";
import { dailyBankRollups, detectionRules, linkedAccounts, transactions, wallets } from "@/db/schema";
import { POST as eventsRoute } from "@/app/api/v1/events/route";
import { queryRows } from "@/db/seed/query";
import { accountHash, accountHashSql } from "@/lib/events/account-hash";

/** HMAC-SHA256 under the key derived from AUTH_SECRET, computed here independently of the app. */
function keyedHash(message: string, secret = process.env.AUTH_SECRET!): string {
  const key = Buffer.from(crypto.hkdfSync("sha256", secret, "linkguard", "account-hash-v1", 32));
  return crypto.createHmac("sha256", key).update(message).digest("hex");
}
import { jsonRequest, makeBank, makeKey, type TestBank } from "@/tests/decisions/support";

type Result = { index: number; eventId: string | null; status: string; linkId?: string; errors?: Record<string, string> };
type Body = { stored: number; duplicates: number; invalid: number; results: Result[]; errors?: Record<string, string> };

describeEachDb("wallet-platform events", (ctx) => {
  let db: Db;
  let bank: TestBank;
  let other: TestBank;
  let key: string;
  const run = crypto.randomBytes(3).toString("hex");
  const id = (s: string) => `${run}-${s}`;

  beforeAll(async () => {
    db = ctx.handle.db;
    bank = await makeBank(db);
    other = await makeBank(db);
    key = (await makeKey(db, ["events"])).key;
    // The ingestion itself: the detection rules (tests/rules) are off here, so their hits do not
    // reference the links this file deletes.
    await db.update(detectionRules).set({ mode: "off" });
  });

  const send = async (body: unknown, k = key) => {
    const res = await eventsRoute(jsonRequest("/api/v1/events", body, k));
    return { status: res.status, type: res.headers.get("content-type") ?? "", body: (await res.json()) as Body };
  };

  /** Row counts of everything an events call may change. */
  const state = async () => {
    const r = await db.execute(sql`select
      (select count(*) from wallet_events) as events, (select count(*) from wallets) as wallets,
      (select count(*) from linked_accounts) as links, (select count(*) from linked_accounts where status = 'removed') as removed,
      (select count(*) from transactions) as txs, (select coalesce(sum(charges_yen + payments_yen + new_links + charges_count), 0) from daily_bank_rollups) as rollups,
      (select count(*) from audit_log) as audit`);
    return JSON.stringify((r as unknown as { rows: unknown[] }).rows[0]);
  };

  const linkCreated = (n: string, extra: Record<string, unknown> = {}) => ({
    eventId: id(`lc-${n}`),
    type: "link_created",
    walletId: id(`w-${n}`),
    email: `${n}@throwaway.example`,
    bankCode: bank.code,
    branchCode: "123",
    accountType: "ordinary",
    accountNumber: `12345${n.padStart(2, "0").slice(-2)}`,
    holderNameKana: "ﾔﾏﾀﾞ ﾀﾛｳ",
    verification: "pin_only",
    linkedAt: "2020-09-13T15:30:00Z",
    ...extra,
  });

  it("stores links, charges, payments, transfers and removals, with wallets and the Japan-day rollups, in one call", async () => {
    const r = await send({
      events: [
        linkCreated("1"),
        { eventId: id("c-1"), type: "charge", walletId: id("w-1"), bankCode: bank.code, branchCode: "123", accountNumber: "1234501", amountYen: 30_000, occurredAt: "2020-09-13T15:40:00Z" },
        { eventId: id("p-1"), type: "payment", walletId: id("w-1"), amountYen: 29_800, merchantName: "Denki Land Akihabara", merchantCategory: "home_appliances", occurredAt: "2020-09-13T16:00:00+09:00" },
        { eventId: id("t-1"), type: "transfer", walletId: id("w-1"), amountYen: 200, occurredAt: "2020-09-13T16:05:00Z" },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ stored: 4, duplicates: 0, invalid: 0 });
    const linkId = r.body.results[0]!.linkId!;
    expect(linkId).toMatch(/^[0-9a-f-]{36}$/);

    const [link] = await db.select().from(linkedAccounts).where(eq(linkedAccounts.id, linkId));
    expect(link).toMatchObject({ walletId: id("w-1"), bankId: bank.id, accountLast4: "4501", verification: "pin_only", holderNameSearch: "ヤマダタロウ" });
    expect(link!.accountHash).toBe(keyedHash(`${bank.code}1231234501`));
    expect(JSON.stringify(link)).not.toContain("1234501");
    const [wallet] = await db.select().from(wallets).where(eq(wallets.id, id("w-1")));
    expect(wallet?.email).toBe("1@throwaway.example");

    const txs = await db.select().from(transactions).where(eq(transactions.walletId, id("w-1")));
    expect(txs.map((t) => [t.kind, t.amountYen, t.linkedAccountId, t.bankId]).sort()).toEqual(
      [
        ["charge", 30_000, linkId, bank.id],
        ["payment", 29_800, linkId, bank.id],
        ["transfer", 200, linkId, bank.id],
      ].sort(),
    );
    // 15:30Z and 15:40Z are 00:30 and 00:40 on 14 September in Japan; the payment 16:00 JST is the 13th.
    const roll = await db.select().from(dailyBankRollups).where(eq(dailyBankRollups.bankId, bank.id));
    const byDay = Object.fromEntries(roll.map((x) => [x.day, x]));
    expect(byDay["2020-09-14"]).toMatchObject({ newLinks: 1, chargesCount: 1, chargesYen: 30_000, paymentsYen: 0 });
    expect(byDay["2020-09-13"]).toMatchObject({ paymentsYen: 29_800, chargesCount: 0 });

    const removed = await send({ events: [{ eventId: id("lr-1"), type: "link_removed", walletId: id("w-1"), linkId, occurredAt: "2020-09-14T03:00:00Z" }] });
    expect(removed.body.stored).toBe(1);
    const [after] = await db.select().from(linkedAccounts).where(eq(linkedAccounts.id, linkId));
    expect(after).toMatchObject({ status: "removed", removedAt: new Date("2020-09-14T03:00:00Z") });
  });

  it("stores events replayed twice once: the replay says duplicate for each and changes nothing", async () => {
    const batch = {
      events: [
        linkCreated("2"),
        { eventId: id("c-2"), type: "charge", walletId: id("w-2"), bankCode: bank.code, branchCode: "123", accountNumber: "1234502", amountYen: 50_000, occurredAt: "2020-09-14T01:00:00Z" },
      ],
    };
    const first = await send(batch);
    expect(first.body).toMatchObject({ stored: 2, duplicates: 0 });
    const before = await state();
    const replay = await send(batch);
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ stored: 0, duplicates: 2, invalid: 0 });
    expect(replay.body.results.map((x) => x.status)).toEqual(["duplicate", "duplicate"]);
    expect(await state()).toBe(before);
  });

  it("reports the same eventId twice in one batch as a duplicate the second time", async () => {
    const e = linkCreated("3");
    const r = await send({ events: [e, e] });
    expect(r.body.results.map((x) => x.status)).toEqual(["stored", "duplicate"]);
    expect(await db.$count(linkedAccounts, eq(linkedAccounts.walletId, id("w-3")))).toBe(1);
  });

  it("stores a link's optional deviceId and ipAddress (IPv4 and IPv6) on the link, and refuses malformed ones field by field", async () => {
    const r = await send({
      events: [
        linkCreated("41", { deviceId: "dev-abc123", ipAddress: "203.0.113.7" }),
        linkCreated("42", { deviceId: "dev-abc123", ipAddress: "2001:db8::7" }),
        linkCreated("43"),
        linkCreated("44", { deviceId: "has space", ipAddress: "203.0.113.300" }),
        linkCreated("45", { ipAddress: "203.0.113.0/24" }),
        linkCreated("46", { deviceId: "", ipAddress: 7 }),
        linkCreated("47", { deviceId: "x".repeat(129) }),
      ],
    });
    expect(r.body.results?.map((x) => x.status), JSON.stringify(r.body)).toEqual(["stored", "stored", "stored", "invalid", "invalid", "invalid", "invalid"]);
    expect(Object.keys(r.body.results[3]!.errors!).sort()).toEqual(["deviceId", "ipAddress"]);
    expect(Object.keys(r.body.results[4]!.errors!)).toEqual(["ipAddress"]);
    expect(Object.keys(r.body.results[5]!.errors!).sort()).toEqual(["deviceId", "ipAddress"]);
    expect(Object.keys(r.body.results[6]!.errors!)).toEqual(["deviceId"]);
    const rows = await db
      .select({ wallet: linkedAccounts.walletId, device: linkedAccounts.deviceId, ip: linkedAccounts.ipAddress })
      .from(linkedAccounts)
      .where(sql`${linkedAccounts.walletId} in (${id("w-41")}, ${id("w-42")}, ${id("w-43")})`)
      .orderBy(linkedAccounts.walletId);
    expect(rows).toEqual([
      { wallet: id("w-41"), device: "dev-abc123", ip: "203.0.113.7" },
      { wallet: id("w-42"), device: "dev-abc123", ip: "2001:db8::7" },
      { wallet: id("w-43"), device: null, ip: null },
    ]);
  });

  it("reports each invalid item with its index and reasons while the valid ones are stored", async () => {
    const r = await send({
      events: [
        linkCreated("4"),
        { ...linkCreated("5"), accountNumber: "12345" },
        { eventId: id("c-x"), type: "charge", walletId: id("w-4"), linkId: crypto.randomUUID(), amountYen: 100, occurredAt: "2020-09-14T01:00:00Z" },
        { eventId: id("c-y"), type: "charge", walletId: id("w-4"), bankCode: bank.code, branchCode: "123", accountNumber: "1234504", amountYen: -100, occurredAt: "2020-09-14T01:00:00Z" },
        { ...linkCreated("6"), bankCode: "0000" === bank.code || "0000" === other.code ? "0001" : "0000" },
        { ...linkCreated("7"), email: undefined },
        { eventId: id("p-x"), type: "payment", walletId: id("nobody"), amountYen: 100, merchantName: "x", merchantCategory: "online", occurredAt: "2020-09-14T01:00:00Z" },
        { eventId: id("r-x"), type: "refund" },
        "not an object",
        { eventId: id("c-z"), type: "charge", walletId: id("w-4"), bankCode: bank.code, branchCode: "123", accountNumber: "1234504", amountYen: 1e9, occurredAt: "1970-01-01T00:00:00Z" },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ stored: 1, invalid: 9 });
    const res = r.body.results;
    expect(res[0]).toMatchObject({ index: 0, status: "stored" });
    expect(res[1]).toMatchObject({ index: 1, status: "invalid", code: "invalid", errors: { accountNumber: { code: "invalid_format", params: { format: "regex" } } } });
    expect(res[2]).toMatchObject({ index: 2, status: "invalid", code: "unknown_link", errors: { linkId: { code: "unknown_link" } } });
    expect(res[3]).toMatchObject({ index: 3, status: "invalid", errors: { amountYen: { code: "too_small", params: { minimum: 0 } } } });
    expect(res[5]).toMatchObject({ index: 5, status: "invalid", errors: { email: { code: "email_required" } } });
    expect(res[6]).toMatchObject({ index: 6, status: "invalid", code: "unknown_wallet", errors: { walletId: { code: "unknown_wallet" } } });
    expect(res[7]).toMatchObject({ index: 7, status: "invalid", errors: { type: { code: "invalid_value", params: { values: expect.stringContaining("charge") } } } });
    expect(res[8]).toMatchObject({ index: 8, status: "invalid", eventId: null, errors: { body: { code: "invalid_type", params: { expected: "object" } } } });
    expect(Object.keys(res[9]!.errors!).sort()).toEqual(["amountYen", "occurredAt"]);
    // Each suite has a fresh database holding only its two banks.
    expect(res[4]).toMatchObject({ index: 4, status: "invalid", errors: { bankCode: { code: "unknown_bank" } } });
  });

  it("accepts an event id again once its first, invalid, attempt is corrected", async () => {
    const wrong = { eventId: id("c-8"), type: "charge", walletId: id("w-8"), bankCode: bank.code, branchCode: "123", accountNumber: "1234508", amountYen: 1_000, occurredAt: "2020-09-14T01:00:00Z" };
    expect((await send({ events: [wrong, linkCreated("9")] })).body.results[0]).toMatchObject({ status: "invalid", errors: { walletId: { code: "unknown_wallet" } } });
    const r = await send({ events: [linkCreated("8"), wrong] });
    expect(r.body.results.map((x) => x.status)).toEqual(["stored", "stored"]);
  });

  it("a link proves only its own wallet: another wallet's link is refused, and an unknown wallet is named as such", async () => {
    const made = await send({ events: [linkCreated("20"), linkCreated("21")] });
    const [link20, link21] = made.body.results.map((x) => x.linkId!);
    const charge = (n: string, walletId: string, linkId: string) => ({ eventId: id(`c-${n}`), type: "charge", walletId, linkId, amountYen: 1_000, occurredAt: "2020-09-14T01:00:00Z" });
    const before = await state();
    const r = await send({ events: [charge("20a", id("w-20"), link21!), charge("20b", id("w-nobody-20"), link20!), charge("20c", id("w-nobody-20"), crypto.randomUUID())] });
    expect(r.body.results.map((x) => x.errors)).toEqual([
      { linkId: { code: "link_of_another_wallet" } },
      { walletId: { code: "unknown_wallet" } },
      { walletId: { code: "unknown_wallet" } },
    ]);
    expect(await state()).toBe(before);
    expect((await send({ events: [charge("20d", id("w-20"), link20!)] })).body.results[0]).toMatchObject({ status: "stored" });
  });

  it("refuses to delete a wallet or link that transactions name (no foreign keys lock them on insert), and deletes one without", async () => {
    const made = await send({
      events: [linkCreated("30"), linkCreated("31"), { eventId: id("c-30"), type: "charge", walletId: id("w-30"), bankCode: bank.code, branchCode: "123", accountNumber: "1234530", amountYen: 1_000, occurredAt: "2020-09-14T01:00:00Z" }],
    });
    expect(made.body.stored).toBe(3);
    const [link30, link31] = made.body.results.map((x) => x.linkId!);
    const refusal = async (q: Promise<unknown>) => q.then(() => "deleted", (e: unknown) => String((e as { cause?: unknown }).cause ?? e));
    expect(await refusal(db.delete(linkedAccounts).where(eq(linkedAccounts.id, link30!)))).toMatch(/linked_accounts that transactions name cannot be deleted/);
    expect(await db.select({ id: linkedAccounts.id }).from(linkedAccounts).where(eq(linkedAccounts.id, link30!))).toHaveLength(1);
    // A wallet without links that a transaction names (written here: events refuse a payment with no bank).
    await db.insert(wallets).values({ id: id("w-32"), email: "32@throwaway.example", registeredAt: new Date("2020-09-01T00:00:00Z") });
    await db.insert(transactions).values({ kind: "payment", walletId: id("w-32"), amountYen: 500, occurredAt: new Date("2020-09-14T01:00:00Z") });
    expect(await refusal(db.delete(wallets).where(eq(wallets.id, id("w-32"))))).toMatch(/wallets that transactions name cannot be deleted/);
    // Without transactions, the link and then its wallet go.
    expect(await refusal(db.delete(linkedAccounts).where(eq(linkedAccounts.id, link31!)))).toBe("deleted");
    expect(await refusal(db.delete(wallets).where(eq(wallets.id, id("w-31"))))).toBe("deleted");
  });

  it("event ids are unique per sending organisation: another organisation's key cannot claim ids this one will send", async () => {
    const bankKey = (await makeKey(db, ["events"], bank.id)).key;
    // The bank's key sends first, with the id the carrier's platform will use next.
    const early = linkCreated("50");
    expect((await send({ events: [early] }, bankKey)).body.results[0]).toMatchObject({ status: "stored" });
    const mine = await send({ events: [{ ...linkCreated("51"), eventId: early.eventId }] });
    expect(mine.body.results[0]).toMatchObject({ status: "stored", eventId: early.eventId });
    expect(await db.$count(linkedAccounts, eq(linkedAccounts.walletId, id("w-51")))).toBe(1);
    // Each sender's replay is still its own duplicate, and changes nothing.
    const before = await state();
    expect((await send({ events: [early] }, bankKey)).body.results[0]).toMatchObject({ status: "duplicate" });
    expect((await send({ events: [{ ...linkCreated("51"), eventId: early.eventId }] })).body.results[0]).toMatchObject({ status: "duplicate" });
    expect(await state()).toBe(before);
    // Charges under the same id from both senders are two transactions.
    const charge = (n: string) => ({ eventId: id("c-same"), type: "charge", walletId: id(`w-${n}`), bankCode: bank.code, branchCode: "123", accountNumber: `12345${n}`, amountYen: 700, occurredAt: "2020-09-14T01:00:00Z" });
    expect((await send({ events: [charge("50")] }, bankKey)).body.stored).toBe(1);
    expect((await send({ events: [charge("51")] })).body.stored).toBe(1);
    expect(await db.$count(transactions, eq(transactions.externalEventId, id("c-same")))).toBe(2);
  });

  it("a payment or transfer for a wallet with no link at the bank is refused as that item's error (no_link_at_bank), never stored without a bank", async () => {
    const bankKey = (await makeKey(db, ["events"], bank.id)).key;
    // Wallet 60 is linked at the other bank only; wallet 61 has no link at all.
    expect((await send({ events: [linkCreated("60", { bankCode: other.code })] })).body.stored).toBe(1);
    await db.insert(wallets).values({ id: id("w-61"), email: "61@throwaway.example", registeredAt: new Date("2020-09-01T00:00:00Z") });
    const pay = (n: string, type = "payment") => ({
      eventId: id(`${type}-${n}`),
      type,
      walletId: id(`w-${n}`),
      amountYen: 500,
      ...(type === "payment" ? { merchantName: "コンビニ", merchantCategory: "convenience_store" } : {}),
      occurredAt: "2020-09-14T01:00:00Z",
    });
    const before = await state();
    const atBank = await send({ events: [pay("60"), pay("60", "transfer")] }, bankKey);
    expect(atBank.status).toBe(200);
    expect(atBank.body).toMatchObject({ stored: 0, invalid: 2 });
    for (const r of atBank.body.results) expect(r).toMatchObject({ status: "invalid", code: "no_link_at_bank", errors: { walletId: { code: "no_link_at_bank", params: { scope: "your_bank" } } } });
    const anywhere = await send({ events: [pay("61")] });
    expect(anywhere.body.results[0]).toMatchObject({ status: "invalid", code: "no_link_at_bank", errors: { walletId: { code: "no_link_at_bank", params: { scope: "any_bank" } } } });
    expect(await state()).toBe(before);
    expect(await db.$count(transactions, sql`${transactions.bankId} is null and ${transactions.walletId} in (${id("w-60")}, ${id("w-61")})`)).toBe(0);
    // The carrier's key books wallet 60's payment at the bank it is linked at, and the refused ids stay free.
    const booked = await send({ events: [pay("60")] });
    expect(booked.body.results[0]).toMatchObject({ status: "stored" });
    const [row] = await db.select({ bankId: transactions.bankId }).from(transactions).where(eq(transactions.externalEventId, id("payment-60")));
    expect(row!.bankId).toBe(other.id);
  });

  it("answers malformed calls with 4xx problem+json and changes nothing: broken JSON, 10 MB, wrong shapes, over 1,000 events, nothing valid", async () => {
    const before = await state();
    const broken = await eventsRoute(jsonRequest("/api/v1/events", '{"events": [', key));
    expect(broken.status).toBe(400);
    expect(broken.headers.get("content-type")).toContain("application/problem+json");
    const huge = await eventsRoute(jsonRequest("/api/v1/events", JSON.stringify({ events: [linkCreated("10", { holderNameKana: "ア".repeat(10 * 1024 * 1024) })] }), key));
    expect(huge.status).toBe(413);
    expect(huge.headers.get("content-type")).toContain("application/problem+json");
    for (const body of [{ events: "x" }, { events: [] }, [linkCreated("11")], { events: [linkCreated("12")], extra: 1 }]) {
      const r = await send(body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.type).toContain("application/problem+json");
    }
    const many = await send({ events: Array.from({ length: 1001 }, (_, i) => linkCreated(`m${i}`)) });
    expect(many.status).toBe(422);
    expect(many.body.errors).toEqual({ events: { code: "too_big", params: { maximum: 1000, inclusive: 1, origin: "array" } } });
    const none = await send({ events: [{ ...linkCreated("13"), amountYen: "x", verification: "sms" }, { type: "charge", amountYen: -1 }] });
    expect(none.status).toBe(422);
    expect(none.body.errors).toMatchObject({ "events.0.verification": { code: "invalid_value" }, "events.1.amountYen": { code: "too_small", params: { minimum: 0, inclusive: 0, origin: "number" } } });
    expect(await state()).toBe(before);
  });

  it("refuses a key without the events scope (403), and lets a bank's key write its own bank's events only", async () => {
    const decisionsOnly = await makeKey(db, ["decisions"]);
    expect((await send({ events: [linkCreated("14")] }, decisionsOnly.key)).status).toBe(403);
    const own = await makeKey(db, ["events"], other.id);
    const r = await send({ events: [linkCreated("15", { bankCode: other.code }), linkCreated("16")] }, own.key);
    expect(r.body.results.map((x) => x.status)).toEqual(["stored", "invalid"]);
    expect(r.body.results[1]!.errors).toEqual({ bankCode: { code: "unknown_bank" } });
  });

  it("the production server's fast path (.node) answers a batch as the Next route does", async () => {
    const server = http.createServer((req, res) => {
      if (!eventsRoute.node(req, res)) res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const batch = (tag: string) => ({ events: [linkCreated(`${tag}1`), { ...linkCreated(`${tag}2`), bankCode: "12" }] }); // one valid, one invalid
      const viaNode = await fetch(`http://127.0.0.1:${port}/api/v1/events`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
        body: JSON.stringify(batch("7")),
      });
      const node = (await viaNode.json()) as Body;
      const next = (await send(batch("8"))).body;
      const shape = (b: Body) => ({ stored: b.stored, duplicates: b.duplicates, invalid: b.invalid, statuses: b.results.map((r) => r.status), errors: b.results.map((r) => r.errors ?? null) });
      expect(viaNode.status).toBe(200);
      expect(shape(node)).toEqual(shape(next));
      expect(shape(node)).toMatchObject({ stored: 1, invalid: 1 });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("keeps account numbers as an HMAC under a key from AUTH_SECRET, the same in SQL (the seed's) as in the events", async () => {
    const [row] = await queryRows<{ h: string }>(db, sql`select ${accountHashSql(sql`${"0001"} || ${"123"} || ${"1234567"}`)} as h`);
    const inSql = row!.h;
    expect(accountHash("0001", "123", "1234567")).toBe(keyedHash("00011231234567"));
    expect(inSql).toBe(accountHash("0001", "123", "1234567"));
    // Not the unkeyed SHA-256 a copy of the database could be searched with.
    expect(accountHash("0001", "123", "1234567")).not.toBe(crypto.createHash("sha256").update("00011231234567").digest("hex"));
    const saved = process.env.AUTH_SECRET;
    try {
      process.env.AUTH_SECRET = "another-secret-for-this-test-only-000000";
      expect(accountHash("0001", "123", "1234567")).not.toBe(keyedHash("00011231234567", saved));
    } finally {
      process.env.AUTH_SECRET = saved;
    }
  });

  if (ctx.kind === "postgres") {
    it("stores each event once when two calls carrying the same ids race (PostgreSQL)", async () => {
      const events = Array.from({ length: 200 }, (_, i) => linkCreated(`race${i}`, { accountNumber: String(2_000_000 + i) }));
      const [a, b] = await Promise.all([send({ events }), send({ events: [...events].reverse() })]);
      expect(a.body.stored + b.body.stored).toBe(200);
      expect(a.body.duplicates + b.body.duplicates).toBe(200);
      expect(await db.$count(linkedAccounts, and(eq(linkedAccounts.bankId, bank.id), sql`${linkedAccounts.walletId} like ${id("w-race") + "%"}`))).toBe(200);
    });
  }
});
