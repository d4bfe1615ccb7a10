import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import type { StaffActor } from "@/lib/auth/actor";
import { searchQuery, type SearchResult } from "@/lib/search/schemas";
import { search } from "@/lib/search/service";
import { buildFixture, RING_EMAIL, RING_TWIN, RING_WALLET, type Fixture } from "../accounts/support";
import { describeEachDb } from "../support/db";

describeEachDb("command palette search", (ctx) => {
  let fx: Fixture;
  let carrier: StaffActor;
  let bankA: StaffActor;
  let bankB: StaffActor;
  let admin: StaffActor;

  const find = (actor: StaffActor, q: string, limit?: number): Promise<SearchResult> => search(actor, searchQuery.parse({ q, limit }));

  beforeAll(async () => {
    fx = await buildFixture(ctx.handle.db as Db);
    carrier = await fx.actor("investigator@carrier.demo");
    bankA = await fx.actor("operator@bank0101.demo");
    bankB = await fx.actor("operator@bank0108.demo");
    admin = await fx.actor("admin@carrier.demo");
  });

  describe("wallets", () => {
    it("finds wallets by their e-mail in any case, with the links the caller may see", async () => {
      const r = await find(carrier, RING_EMAIL.toUpperCase());
      expect(r.wallets.map((w) => w.id).sort()).toEqual([RING_WALLET, RING_TWIN].sort());
      expect(r.wallets.find((w) => w.id === RING_WALLET)?.links).toBe(2);
      // The links group finds the same wallets' links, as the accounts list's search does.
      expect(r.links.map((l) => l.walletId).sort()).toEqual([RING_TWIN, RING_WALLET, RING_WALLET].sort());
    });

    it("a bank's staff find only wallets linked at their bank, and count only their bank's links", async () => {
      const a = await find(bankA, RING_EMAIL);
      expect(a.wallets).toEqual([{ id: RING_WALLET, email: RING_EMAIL, links: 1 }]);
      expect(new Set(a.links.map((l) => l.bankCode))).toEqual(new Set(["0101"]));
      const bTwin = await find(bankB, RING_TWIN);
      expect(bTwin.wallets).toEqual([]);
      expect(bTwin.links).toEqual([]);
    });

    it("finds a wallet by its id or a prefix of it, the exact id first", async () => {
      expect((await find(carrier, RING_WALLET)).wallets[0]?.id).toBe(RING_WALLET);
      const prefix = await find(carrier, "wlt_ring");
      expect(prefix.wallets.map((w) => w.id).sort()).toEqual([RING_WALLET, RING_TWIN].sort());
    });

    it("keeps each group within the limit", async () => {
      const r = await find(carrier, "holder", 3);
      expect(r.wallets).toHaveLength(3);
      expect(r.links.length).toBeLessThanOrEqual(3);
    });

    it("reads % and _ literally", async () => {
      expect((await find(carrier, "%%%")).wallets).toEqual([]);
      expect((await find(carrier, "wlt%ring")).wallets).toEqual([]);
    });
  });

  describe("links", () => {
    it("finds holder names in half- and full-width katakana and in hiragana, within the caller's bank", async () => {
      const yamada = fx.links.filter((l) => l.holder.normalize("NFKC").replace(/\s/g, "") === "ヤマダタロウ").map((l) => l.id).sort();
      expect(yamada).toHaveLength(2);
      for (const q of ["ﾔﾏﾀﾞ", "ヤマダ タロウ", "やまだ"]) expect((await find(bankA, q)).links.map((l) => l.id).sort()).toEqual(yamada);
      expect((await find(bankB, "ﾔﾏﾀﾞ")).links).toEqual([]);
    });

    it("finds the last four digits (full-width too) at the banks in scope", async () => {
      const all = await find(carrier, "４３２１");
      expect(new Set(all.links.map((l) => l.bankCode))).toEqual(new Set(["0101", "0108"]));
      expect(all.links.every((l) => l.accountNumberMasked === "****4321")).toBe(true);
      expect((await find(bankB, "4321")).links.map((l) => l.bankCode)).toEqual(["0108"]);
    });

    it("finds a link by its id, never another bank's", async () => {
      const link = fx.byBank("0108")[0]!;
      expect((await find(carrier, link.id.toUpperCase())).links.map((l) => l.id)).toEqual([link.id]);
      expect((await find(bankB, link.id)).links.map((l) => l.id)).toEqual([link.id]);
      expect((await find(bankA, link.id)).links).toEqual([]);
    });
  });

  describe("banks", () => {
    it("finds a bank by its code or a prefix of it", async () => {
      expect((await find(carrier, "0108")).banks).toEqual([{ code: "0108", nameJa: "北星銀行", nameEn: "Hokusei Bank" }]);
      const prefix = await find(carrier, "01", 10);
      expect(prefix.banks.map((b) => b.code)).toEqual(["0101", "0108", "0115", "0122", "0129", "0136", "0143", "0150", "0157", "0164"]);
    });

    it("finds a bank by its Japanese or English name, whatever the width, case and spaces", async () => {
      for (const q of ["北星", "hokusei", "ＨＯＫＵＳＥＩ ｂａｎｋ", "HokuseiBank"]) expect((await find(carrier, q)).banks.map((b) => b.code)).toEqual(["0108"]);
    });

    it("a bank's staff find their own bank only", async () => {
      expect((await find(bankA, "0108")).banks).toEqual([]);
      expect((await find(bankA, "銀行")).banks.map((b) => b.code)).toEqual(["0101"]);
    });
  });

  it("a role that may not read accounts finds banks but no wallet or link", async () => {
    const r = await find(admin, RING_EMAIL);
    expect(r.wallets).toEqual([]);
    expect(r.links).toEqual([]);
    expect((await find(admin, "0101")).banks.map((b) => b.code)).toEqual(["0101"]);
  });

  it("a query no group can read answers empty groups, not an error", async () => {
    expect(await find(carrier, "zq")).toEqual({ q: "zq", wallets: [], links: [], banks: [], cases: [], incidents: [] });
    expect(await find(carrier, "☃")).toEqual({ q: "☃", wallets: [], links: [], banks: [], cases: [], incidents: [] });
  });

  it("refuses an empty query or a limit out of range", () => {
    expect(searchQuery.safeParse({ q: "  " }).success).toBe(false);
    expect(searchQuery.safeParse({ q: "x", limit: "11" }).success).toBe(false);
    expect(searchQuery.safeParse({ q: "x".repeat(101) }).success).toBe(false);
  });
});
