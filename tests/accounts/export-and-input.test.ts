import { desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { auditLog } from "@/db/schema";
import { CSV_COLUMNS, streamLinksCsv } from "@/lib/accounts/export";
import { ACCOUNTS_ERRORS, linkFilters, linkListQuery, linkTransactionsQuery } from "@/lib/accounts/schemas";
import { listLinks, listLinkTransactions } from "@/lib/accounts/service";
import type { Actor } from "@/lib/auth/actor";
import { encodeCursor, encodeInstantKey } from "@/lib/http/cursor";
import { errorToResponse } from "@/lib/http/problem";
import { describeEachDb } from "../support/db";
import { buildFixture, chargesOrder, linkedAtOrder, NOW, readAll, type Fixture } from "./support";

/** What the route wrapper answers for this input: the zod parse (or the service) mapped to problem+json. */
async function problemFor(run: () => unknown): Promise<{ status: number; code: string; errors: Record<string, unknown> }> {
  try {
    await run();
  } catch (e) {
    const res = errorToResponse(e, "test");
    const body = (await res.json()) as { code: string; errors?: Record<string, string> };
    return { status: res.status, code: body.code, errors: body.errors ?? {} };
  }
  throw new Error("expected the input to be refused");
}

function splitCsv(text: string): string[][] {
  // The fixture has no quotes, commas or newlines inside fields.
  return text
    .split("\r\n")
    .filter((l) => l !== "")
    .map((l) => l.split(","));
}

describeEachDb("accounts export and input", (ctx) => {
  let db: Db;
  let fx: Fixture;
  let carrier: Actor;
  let bankA: Actor;

  beforeAll(async () => {
    db = ctx.handle.db as Db;
    fx = await buildFixture(db);
    carrier = await fx.actor("manager@carrier.demo");
    bankA = await fx.actor("operator@bank0101.demo");
  });

  describe("CSV export", () => {
    it("streams every matching row over many internal pages, with a BOM, a header, masked numbers and Japan-time timestamps", async () => {
      const { stream, estimatedTotal } = await streamLinksCsv(carrier, linkFilters.parse({}), { now: NOW, pageSize: 4 });
      expect(estimatedTotal).not.toBeNull();
      const bytes = await readAll(stream);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows = splitCsv(bytes.subarray(3).toString("utf8"));
      expect(rows[0]).toHaveLength(CSV_COLUMNS.length);
      const body = rows.slice(1);
      expect(body.map((r) => r[0])).toEqual(linkedAtOrder(fx.links, "desc"));
      const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
      for (const r of body) {
        expect(r[col("account_number")]).toMatch(/^\*{4}\d{4}$/);
        expect(r[col("linked_at_jst")]).toMatch(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}$/);
      }
      const first = fx.links.find((l) => l.id === body[0]![0])!;
      const jst = new Intl.DateTimeFormat("ja-JP", { timeZone: "Asia/Tokyo", dateStyle: "medium", timeStyle: "medium" }).format(first.linkedAt).replace(/ (\d):/, " 0$1:");
      expect(body[0]![col("linked_at_jst")]).toBe(jst);
      expect(body[0]![col("holder_name")]).toBe(first.holder);
    });

    it("follows the filters, the scope and the 7-day sort, across the charged and the uncharged links", async () => {
      const { stream } = await streamLinksCsv(bankA, linkFilters.parse({ sort: "charges_7d" }), { now: NOW, pageSize: 3 });
      const body = splitCsv((await readAll(stream)).subarray(3).toString("utf8")).slice(1);
      expect(body.map((r) => r[0])).toEqual(chargesOrder(fx.byBank("0101"), "desc"));
      const frozen = await streamLinksCsv(carrier, linkFilters.parse({ status: "frozen" }), { now: NOW, pageSize: 2 });
      const frozenRows = splitCsv((await readAll(frozen.stream)).subarray(3).toString("utf8")).slice(1);
      expect(frozenRows.map((r) => r[0]).sort()).toEqual(fx.links.filter((l) => l.status === "frozen").map((l) => l.id).sort());
    });

    it("is in the reader's language: Japanese headers and words by default, English for en, while the JSON list keeps the codes", async () => {
      const read = async (locale?: "ja" | "en") =>
        splitCsv((await readAll((await streamLinksCsv(carrier, linkFilters.parse({}), { now: NOW, locale })).stream)).subarray(3).toString("utf8"));
      const [ja, en] = [await read(), await read("en")];
      expect(ja[0]!.slice(0, 4)).toEqual(["連携ID", "銀行コード", "銀行名", "支店コード"]);
      expect(ja[0]).toContain("連携時の本人確認");
      expect(en[0]!.slice(0, 4)).toEqual(["Link id", "Bank code", "Bank", "Branch code"]);
      expect(en[0]).toContain("Verification at linking");
      const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
      const link = fx.links.find((l) => l.verification === "pin_only" && l.status === "active")!;
      const [jaRow, enRow] = [ja.find((r) => r[0] === link.id)!, en.find((r) => r[0] === link.id)!];
      expect([jaRow[col("verification")], jaRow[col("status")], jaRow[col("account_type")]]).toEqual(["暗証番号のみ", "有効", "普通"]);
      expect([enRow[col("verification")], enRow[col("status")], enRow[col("account_type")]]).toEqual(["PIN only", "Active", "Ordinary"]);
      expect(jaRow[col("bank_name")]).not.toBe(enRow[col("bank_name")]);
      const listed = (await listLinks(carrier, linkListQuery.parse({ limit: "200" }), { now: NOW })).items.find((i) => i.id === link.id)!;
      expect([listed.verification, listed.status, listed.accountType]).toEqual(["pin_only", "active", "ordinary"]);
    });

    it("is recorded in the audit log with the filters", async () => {
      await streamLinksCsv(bankA, linkFilters.parse({ status: "active", q: "ﾔﾏﾀﾞ" }), { now: NOW });
      const [entry] = await db.select().from(auditLog).where(eq(auditLog.action, "accounts.exported")).orderBy(desc(auditLog.seq)).limit(1);
      expect(entry!.bankId).toBe(fx.orgIds.get("0101"));
      expect(entry!.after).toMatchObject({ status: "active", q: "ﾔﾏﾀﾞ" });
    });
  });

  describe("bad input is a 422 naming the field", () => {
    it("a cursor that is not one this API gave out, or one of another list: 422 invalid_cursor naming the cursor", async () => {
      const another = encodeInstantKey({ at: "2026-01-01T00:00:00.000000Z", key: "00000000-0000-4000-8000-000000000000" });
      for (const cursor of ["bad", "eyJhIjoxfQ", "!!!", "WyJsIiwiZCIsIjIwMjYiLCJ4IiwwXQ", another, "x".repeat(1000)]) {
        const p = await problemFor(() => listLinks(carrier, linkListQuery.parse({ cursor }), { now: NOW }));
        expect(p, cursor).toEqual({ status: 422, code: "invalid_cursor", errors: { cursor: { code: ACCOUNTS_ERRORS.cursor } } });
      }
      for (const cursor of ["a b", encodeCursor([1])]) {
        const t = await problemFor(() => listLinkTransactions(carrier, fx.links[0]!.id, linkTransactionsQuery.parse({ cursor })));
        expect(t, cursor).toEqual({ status: 422, code: "invalid_cursor", errors: { cursor: { code: ACCOUNTS_ERRORS.cursor } } });
      }
    });

    it("a limit of 10000 (or 0, or a word)", async () => {
      for (const limit of ["10000", "0", "ten", "2.5"]) {
        const p = await problemFor(() => linkListQuery.parse({ limit }));
        expect(p.status).toBe(422);
        expect(Object.keys(p.errors)).toEqual(["limit"]);
      }
      expect(linkListQuery.parse({ limit: "200" }).limit).toBe(200);
      expect(linkListQuery.parse({}).limit).toBe(50);
    });

    it("a malformed or unknown bank code", async () => {
      const malformed = await problemFor(() => linkListQuery.parse({ bank: "12a" }));
      expect(malformed).toMatchObject({ status: 422, errors: { bank: { code: expect.any(String) } } });
      const unknown = await problemFor(() => listLinks(carrier, linkListQuery.parse({ bank: "9999" }), { now: NOW }));
      expect(unknown).toMatchObject({ status: 422, errors: { bank: { code: expect.any(String) } } });
    });

    it("malformed dates, a day that does not exist, and an end before the start", async () => {
      const p = await problemFor(() => linkListQuery.parse({ linkedFrom: "2020-02-30", linkedTo: "yesterday" }));
      expect(p.status).toBe(422);
      expect(Object.keys(p.errors).sort()).toEqual(["linkedFrom", "linkedTo"]);
      const order = await problemFor(() => linkListQuery.parse({ linkedFrom: "2020-09-14", linkedTo: "2020-09-13" }));
      expect(Object.keys(order.errors)).toEqual(["linkedTo"]);
    });

    it("unknown status, verification, sort, order and hasOpenCase values", async () => {
      const p = await problemFor(() => linkListQuery.parse({ status: "deleted", verification: "sms", sort: "email", order: "up", hasOpenCase: "maybe" }));
      expect(Object.keys(p.errors).sort()).toEqual(["hasOpenCase", "order", "sort", "status", "verification"]);
    });

    it("empty form fields mean no filter", () => {
      const v = linkListQuery.parse({ bank: "", status: "", verification: "", linkedFrom: "", q: " ", cursor: "", hasOpenCase: "" });
      expect(v).toMatchObject({ bank: undefined, status: undefined, q: undefined, cursor: undefined, sort: "linked_at", order: "desc", limit: 50 });
    });
  });
});
